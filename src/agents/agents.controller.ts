import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { AuthContext } from 'nest-agent-auth';
import { AgentsService, type Agent } from './agents.service.js';

/** Agents: list and inspect them, run one on a text input (any authenticated caller). */
@Controller('agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  list(): readonly Agent[] {
    return this.agents.list();
  }

  @Get(':id')
  get(@Param('id') id: string): Agent {
    return this.agents.get(id);
  }

  @Post(':id/text')
  text(@Param('id') id: string, @Body() body: { input?: unknown }, @AuthContext() caller: AuthContext) {
    return this.agents.reply(id, typeof body?.input === 'string' ? body.input : '', caller);
  }
}
