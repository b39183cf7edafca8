import { BadRequestException, Body, Controller, Post } from '@nestjs/common';
import { validateSync } from 'class-validator';
import { AuthContext } from '../decorators/auth-context.decorator.js';
import { UseAuth } from '../decorators/use-auth.decorator.js';
import { StreamTicketRequest } from './stream-ticket.request.js';
import { StreamTicketService, type IssuedTicket } from './stream-ticket.service.js';

/**
 * `POST /auth/stream-tickets` with `{ "path": "/agents/support/events" }`: a single-use ticket for that path,
 * issued to the authenticated caller. Registered with `AgentAuthModule.forRoot({ …, streamTicketRoute: true })`.
 */
@Controller('auth/stream-tickets')
export class StreamTicketController {
  constructor(private readonly tickets: StreamTicketService) {}

  /** Issues a ticket; the body is validated here, whatever pipes the app uses. */
  @UseAuth()
  @Post()
  issue(@AuthContext() auth: AuthContext, @Body() body: unknown): Promise<IssuedTicket> {
    const request = Object.assign(new StreamTicketRequest(), typeof body === 'object' && body !== null ? body : {});
    const problems = validateSync(request, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (problems.length > 0) {
      const message = problems.flatMap((problem) => Object.values(problem.constraints ?? {}));
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'invalid_request', message });
    }
    return this.tickets.issue(auth, { path: request.path });
  }
}
