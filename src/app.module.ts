import { Module, type DynamicModule } from '@nestjs/common';
import { AgentAuthModule } from 'nest-agent-auth';
import { AgentsController } from './agents/agents.controller.js';
import { AgentsService } from './agents/agents.service.js';
import type { DemoAuthConfig } from './auth.config.js';
import { ChatGateway } from './chat/chat.gateway.js';
import { HealthController } from './health/health.controller.js';
import { WorkflowsController } from './workflows/workflows.controller.js';
import { WorkflowsService } from './workflows/workflows.service.js';

/**
 * The demo agent server: agents (with a live event stream), workflows, a chat gateway at `/ws` and a health check,
 * every route protected unless made public; stream tickets are served at `POST /auth/stream-tickets`.
 */
@Module({})
export class AppModule {
  /** The app with the given auth settings. */
  static register(auth: DemoAuthConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [AgentAuthModule.forRoot({ ...auth.options, streamTicketRoute: true })],
      controllers: [HealthController, AgentsController, WorkflowsController],
      providers: [AgentsService, WorkflowsService, ChatGateway],
    };
  }
}
