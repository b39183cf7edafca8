import { Controller, Get, Post, Sse, type MessageEvent } from '@nestjs/common';
import { interval, map, take, type Observable } from 'rxjs';
import { AgentAuthModule, AuthContext, Roles, type AgentAuthModuleOptions } from 'nest-agent-auth';

/** Events the fixture's agent stream sends, one every {@link STREAM_INTERVAL_MS}. */
export const STREAM_EVENTS = 20;
/** Milliseconds between two events of the fixture's agent stream. */
export const STREAM_INTERVAL_MS = 100;

/** Routes a browser session calls: who am I, an agent run that needs the operator role, and an agent's event stream. */
@Controller()
export class ChatFixtureController {
  /** The principal, as the app sees it. */
  @Get('me')
  me(@AuthContext() auth: AuthContext): object {
    return { userId: auth.userId, method: auth.method, roles: auth.roles, tenantId: auth.tenantId };
  }

  /** A protected agent route. */
  @Roles('operator')
  @Post('agents/support/run')
  run(@AuthContext() auth: AuthContext): object {
    return { ran: true, by: auth.userId, method: auth.method };
  }

  /** The support agent's events, {@link STREAM_EVENTS} of them. */
  @Sse('agents/support/events')
  events(): Observable<MessageEvent> {
    return interval(STREAM_INTERVAL_MS).pipe(
      take(STREAM_EVENTS),
      map((index) => ({ data: { index } })),
    );
  }
}

/** The fixture module: the given auth options with the session routes, and {@link ChatFixtureController}. */
export function sessionFixture(options: AgentAuthModuleOptions): { imports: unknown[]; controllers: unknown[] } {
  return { imports: [AgentAuthModule.forRoot({ ...options, sessionRoutes: true })], controllers: [ChatFixtureController] };
}
