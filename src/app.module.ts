import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AgentAuthModule, OwnershipResolver, RouteNotFoundFilter, type AllowlistOptions } from 'nest-agent-auth';
import { AgentsController } from './agents/agents.controller.js';
import { AgentsService } from './agents/agents.service.js';
import { TenantAgentsController } from './agents/tenant-agents.controller.js';
import type { DemoAuthConfig } from './auth.config.js';
import { ChatGateway } from './chat/chat.gateway.js';
import { ChatPageController } from './chat/chat-page.controller.js';
import { ConversationsController } from './conversations/conversations.controller.js';
import { ConversationsService } from './conversations/conversations.service.js';
import { WebSearchTool } from './conversations/web-search.tool.js';
import { AgentsResolver } from './graphql/agents.resolver.js';
import { demoGraphqlModule, type DemoPlatform } from './graphql/graphql.module.js';
import { HealthController } from './health/health.controller.js';
import { McpController } from './mcp/mcp.controller.js';
import { DemoOwnership } from './ownership/demo-ownership.js';
import { DiscordWebhookController } from './webhooks/discord-webhook.controller.js';
import { SlackWebhookController } from './webhooks/slack-webhook.controller.js';
import { TelegramWebhookController } from './webhooks/telegram-webhook.controller.js';
import { WorkflowsController } from './workflows/workflows.controller.js';
import { WorkflowsService } from './workflows/workflows.service.js';

/** The webhook endpoint of each messaging platform, served only when that platform is configured. */
const WEBHOOK_CONTROLLERS: Readonly<Record<'telegram' | 'slack' | 'discord', Type>> = {
  telegram: TelegramWebhookController,
  slack: SlackWebhookController,
  discord: DiscordWebhookController,
};

/**
 * The demo agent server: agents (with a live event stream, and over GraphQL at `/graphql`), a tenant's agents,
 * conversations and workflow executions owned by the users who started them, a chat gateway at `/ws`, a health check and the webhooks of the configured messaging platforms, every route protected
 * unless made public; stream tickets are served at `POST /auth/stream-tickets`, `POST /auth/revoke` lets a caller
 * revoke its own token, and the chat page at `/chat` has browser login at `/auth/login` (when an OpenID Connect
 * provider is configured).
 */
@Module({})
export class AppModule {
  /** The app with the given auth settings, on the given platform (its GraphQL driver depends on it). */
  static register(auth: DemoAuthConfig, platform: DemoPlatform): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AgentAuthModule.forRoot({ ...auth.options, streamTicketRoute: true, revocationRoute: true, sessionRoutes: true, principalContext: true }),
        demoGraphqlModule(platform),
      ],
      controllers: [
        HealthController,
        ChatPageController,
        AgentsController,
        TenantAgentsController,
        ConversationsController,
        WorkflowsController,
        ...webhookControllers(auth.options.allowlist),
        ...(auth.options.protectedResources ? [McpController] : []),
      ],
      providers: [
        AgentsService,
        ConversationsService,
        WebSearchTool,
        WorkflowsService,
        { provide: OwnershipResolver, useClass: DemoOwnership },
        { provide: APP_FILTER, useClass: RouteNotFoundFilter },
        ChatGateway,
        AgentsResolver,
      ],
    };
  }
}

/** The webhook controllers of the platforms the allowlist configures. */
export function webhookControllers(allowlist: AllowlistOptions | undefined): Type[] {
  const platforms = Object.keys(WEBHOOK_CONTROLLERS) as Array<keyof typeof WEBHOOK_CONTROLLERS>;
  return platforms.filter((platform) => allowlist?.[platform] !== undefined).map((platform) => WEBHOOK_CONTROLLERS[platform]);
}
