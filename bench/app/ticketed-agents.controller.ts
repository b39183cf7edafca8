import { Controller, Get, Param } from '@nestjs/common';
import { AllowQueryToken, AuthContext } from 'nest-agent-auth';

/** `GET /ticketed-agents/:id?ticket=…`: the ticket-redemption mode's route (a stream ticket in the query). */
@Controller('ticketed-agents')
export class TicketedAgentsController {
  /** The agent's id and who opened it. */
  @AllowQueryToken()
  @Get(':id')
  get(@Param('id') id: string, @AuthContext() auth: AuthContext) {
    return { id, userId: auth.userId };
  }
}
