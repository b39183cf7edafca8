import { readPath } from '../../util/claim-values.js';
import type { WebhookMessage } from './webhook-platform.js';
import { integerText, nonEmptyString, parseWebhookJson } from './webhook-json.js';

/** Interaction type of Discord's endpoint check: answered `{ type: 1 }`, it has no sender. */
const PING = '1';
const UNREADABLE: WebhookMessage = Object.freeze({ platform: 'discord' });

/**
 * Reads the sender of a Discord interaction: `member.user.id` in a guild, `user.id` in a DM, and `channel_id`
 * (or `channel.id`). A PING (`type: 1`) is a handshake with no sender. Ids must be strings (Discord sends
 * snowflakes as strings) and are kept exactly; the interaction `token` never reaches the claims.
 */
export function readDiscordInteraction(rawBody: Buffer): WebhookMessage {
  const interaction = parseWebhookJson(rawBody.toString('utf8'));
  const type = integerText(readPath(interaction, ['type']));
  if (type === undefined) return UNREADABLE;
  if (type === PING) return { platform: 'discord', handshake: true, claims: { interactionType: 1 } };
  const member = readPath(interaction, ['member']);
  return {
    platform: 'discord',
    userId: nonEmptyString(member === undefined ? readPath(interaction, ['user', 'id']) : readPath(member, ['user', 'id'])),
    chatId: nonEmptyString(readPath(interaction, ['channel_id'])) ?? nonEmptyString(readPath(interaction, ['channel', 'id'])),
    claims: {
      interactionType: Number(type),
      guildId: nonEmptyString(readPath(interaction, ['guild_id'])),
      applicationId: nonEmptyString(readPath(interaction, ['application_id'])),
      commandName: nonEmptyString(readPath(interaction, ['data', 'name'])),
    },
  };
}
