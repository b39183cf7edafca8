import { Body, Controller, Get, Param, Post, Sse, type MessageEvent } from '@nestjs/common';
import { AllowQueryToken } from 'nest-agent-auth';
import type { Observable } from 'rxjs';
import { AgentsService, type Agent } from './agents.service.js';

/** Agents: list and inspect them, run one on a text input, follow its runs live (any authenticated caller). */
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

  /** The agent's runs as Server-Sent Events: Bearer header, `?ticket=` (single use) or `?token=`. */
  @AllowQueryToken()
  @Sse(':id/events')
  events(@Param('id') id: string): Observable<MessageEvent> {
    return this.agents.events(id);
  }

  @Post(':id/text')
  text(@Param('id') id: string, @Body() body: { input?: unknown }) {
    return this.agents.reply(id, typeof body?.input === 'string' ? body.input : '');
  }
}
