import { Controller, Get, Post } from '@nestjs/common';
import { AgentAuthModule, AuthContext, Roles, type AgentAuthModuleOptions } from 'nest-agent-auth';

/** Routes a browser session calls: who am I, and an agent run that needs the operator role. */
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
}

/** The fixture module: the given auth options with the session routes, and {@link ChatFixtureController}. */
export function sessionFixture(options: AgentAuthModuleOptions): { imports: unknown[]; controllers: unknown[] } {
  return { imports: [AgentAuthModule.forRoot({ ...options, sessionRoutes: true })], controllers: [ChatFixtureController] };
}
