import { BadRequestException, Body, Controller, Inject, Logger, Post, Res } from '@nestjs/common';
import { validateSync } from 'class-validator';
import { AGENT_AUTH_OPTIONS, DEFAULT_REALM } from '../agent-auth.constants.js';
import type { RefusalFormat } from '../errors/auth-refusal.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { AUTH_UNAVAILABLE } from '../revocation/revocation-check.js';
import { httpRefusal, type HttpResponse } from '../transports/http.transport.js';
import { AuthContext } from '../decorators/auth-context.decorator.js';
import { UseAuth } from '../decorators/use-auth.decorator.js';
import { StreamTicketRequest } from './stream-ticket.request.js';
import { StreamTicketService, type IssuedTicket } from './stream-ticket.service.js';

/**
 * `POST /auth/stream-tickets` with `{ "path": "/agents/support/events" }`: a single-use ticket for that path,
 * issued to the authenticated caller (503 `auth_unavailable` with `Retry-After` when the ticket store is unreachable). Registered with `AgentAuthModule.forRoot({ …, streamTicketRoute: true })`.
 */
@Controller('auth/stream-tickets')
export class StreamTicketController {
  private readonly format: RefusalFormat;
  private readonly logger = new Logger('AgentAuthModule');

  constructor(
    private readonly tickets: StreamTicketService,
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
  ) {
    this.format = { realm: options.realm ?? DEFAULT_REALM, errorBody: options.errorBody };
  }

  /** Issues a ticket; the body is validated here, whatever pipes the app uses. */
  @UseAuth()
  @Post()
  async issue(@AuthContext() auth: AuthContext, @Body() body: unknown, @Res({ passthrough: true }) response: HttpResponse): Promise<IssuedTicket> {
    const request = Object.assign(new StreamTicketRequest(), typeof body === 'object' && body !== null ? body : {});
    const problems = validateSync(request, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (problems.length > 0) {
      const message = problems.flatMap((problem) => Object.values(problem.constraints ?? {}));
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'invalid_request', message });
    }
    try {
      return await this.tickets.issue(auth, { path: request.path });
    } catch (error) {
      this.logger.error(`TicketStore.save failed (answering 503 auth_unavailable): ${error instanceof Error ? error.message : String(error)}`);
      throw httpRefusal(response, AUTH_UNAVAILABLE, this.format);
    }
  }
}
