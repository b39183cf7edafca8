import { Controller, HttpCode, Post } from '@nestjs/common';
import { AuthContext, UseAuth } from 'nest-agent-auth';
import { AgentsService } from '../agents/agents.service.js';

/** Discord interaction response types used here. */
const PONG = 1;
const CHANNEL_MESSAGE_WITH_SOURCE = 4;

/**
 * Discord interactions endpoint: answers the PING Discord sends when the URL is saved; a command from an
 * allowlisted user gets the support agent's reply as a channel message.
 */
@Controller('webhooks/discord')
@UseAuth('allowlist:discord')
export class DiscordWebhookController {
  constructor(private readonly agents: AgentsService) {}

  @Post()
  @HttpCode(200)
  receive(@AuthContext() auth: AuthContext) {
    if (auth.claims.handshake === true) return { type: PONG };
    const command = typeof auth.claims.commandName === 'string' ? auth.claims.commandName : 'command';
    return { type: CHANNEL_MESSAGE_WITH_SOURCE, data: { content: this.agents.reply('support', `/${command}`).text } };
  }
}
