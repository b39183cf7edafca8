import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AuthContext, UseAuth } from 'nest-agent-auth';
import { AgentsService } from '../agents/agents.service.js';

/** A Telegram update, as far as the demo reads it. */
interface TelegramUpdate {
  message?: { text?: unknown; chat?: { id?: unknown } };
}

/**
 * Telegram bot webhook (`setWebhook` with `secret_token`): allowlisted users talk to the support agent,
 * whose reply goes back in the webhook response as a `sendMessage` call.
 */
@Controller('webhooks/telegram')
@UseAuth('allowlist:telegram')
export class TelegramWebhookController {
  constructor(private readonly agents: AgentsService) {}

  @Post()
  @HttpCode(200)
  receive(@Body() update: TelegramUpdate, @AuthContext() auth: AuthContext) {
    const text = update.message?.text;
    if (typeof text !== 'string') return {};
    const reply = this.agents.reply('support', text);
    return { method: 'sendMessage', chat_id: auth.claims.chatId, text: reply.text };
  }
}
