import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AuthContext, UseAuth } from 'nest-agent-auth';
import { AgentsService } from '../agents/agents.service.js';

/** A Slack request body, as far as the demo reads it (JSON events or a form-encoded slash command). */
interface SlackBody {
  challenge?: unknown;
  text?: unknown;
}

/**
 * Slack Events API and slash-command endpoint: answers the `url_verification` handshake with its challenge;
 * a slash command from an allowlisted user gets the support agent's reply; events are acknowledged.
 */
@Controller('webhooks/slack')
@UseAuth('allowlist:slack')
export class SlackWebhookController {
  constructor(private readonly agents: AgentsService) {}

  @Post()
  @HttpCode(200)
  receive(@Body() body: SlackBody, @AuthContext() auth: AuthContext) {
    if (auth.claims.handshake === true) return { challenge: body.challenge };
    if (auth.claims.type !== 'slash_command') return { ok: true };
    const text = typeof body.text === 'string' ? body.text : '';
    return { response_type: 'ephemeral', text: this.agents.reply('support', text).text };
  }
}
