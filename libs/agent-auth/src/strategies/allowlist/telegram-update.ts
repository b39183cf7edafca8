import { readPath } from '../../util/claim-values.js';
import type { WebhookMessage } from './webhook-platform.js';
import { integerText, nonEmptyString, parseWebhookJson } from './webhook-json.js';

/** Where one kind of update names its sender (a user id) and its chat (a chat id). */
interface UpdateShape {
  readonly user?: readonly string[];
  readonly chat?: readonly string[];
  /** Where the chat's type (`private`, `group`, `supergroup`, `channel`) is, for the claims. */
  readonly chatType?: readonly string[];
}

const FROM_IN_CHAT: UpdateShape = { user: ['from', 'id'], chat: ['chat', 'id'], chatType: ['chat', 'type'] };
const FROM: UpdateShape = { user: ['from', 'id'] };
const USER: UpdateShape = { user: ['user', 'id'] };
const CHAT: UpdateShape = { chat: ['chat', 'id'], chatType: ['chat', 'type'] };

/** Every update kind of the Bot API (`Update` object) and where its ids are; one is present per update. */
const UPDATE_SHAPES: Readonly<Record<string, UpdateShape>> = {
  message: FROM_IN_CHAT,
  edited_message: FROM_IN_CHAT,
  channel_post: FROM_IN_CHAT,
  edited_channel_post: FROM_IN_CHAT,
  business_message: FROM_IN_CHAT,
  edited_business_message: FROM_IN_CHAT,
  my_chat_member: FROM_IN_CHAT,
  chat_member: FROM_IN_CHAT,
  chat_join_request: FROM_IN_CHAT,
  callback_query: { user: ['from', 'id'], chat: ['message', 'chat', 'id'], chatType: ['message', 'chat', 'type'] },
  message_reaction: { user: ['user', 'id'], chat: ['chat', 'id'], chatType: ['chat', 'type'] },
  inline_query: FROM,
  chosen_inline_result: FROM,
  shipping_query: FROM,
  pre_checkout_query: FROM,
  purchased_paid_media: FROM,
  poll_answer: USER,
  business_connection: USER,
  deleted_business_messages: CHAT,
  message_reaction_count: CHAT,
  chat_boost: CHAT,
  removed_chat_boost: CHAT,
  poll: {},
};

/**
 * Reads the sender of a Telegram update: `from.id` (or `user.id`) and `chat.id` of its one update kind
 * (`message`, `edited_message`, `channel_post`, `callback_query`, `inline_query`, `my_chat_member`, …).
 * Ids must be JSON integers and are kept as their exact text; a string id, `123.0` or `1.23e2` is no id.
 * An update that is not JSON, or carries two update kinds, yields no ids.
 */
export function readTelegramUpdate(rawBody: Buffer): WebhookMessage {
  const update = parseWebhookJson(rawBody.toString('utf8'));
  if (typeof update !== 'object' || update === null || Array.isArray(update)) return { platform: 'telegram' };
  let kind: string | undefined;
  for (const key of Object.keys(update)) {
    if (!Object.hasOwn(UPDATE_SHAPES, key)) continue;
    if (kind !== undefined) return { platform: 'telegram' };
    kind = key;
  }
  if (kind === undefined) return { platform: 'telegram' };
  const shape = UPDATE_SHAPES[kind];
  const body = (update as Record<string, unknown>)[kind];
  const userId = shape.user && integerText(readPath(body, shape.user));
  const chatId = shape.chat && integerText(readPath(body, shape.chat));
  const chatType = shape.chatType && nonEmptyString(readPath(body, shape.chatType));
  return {
    platform: 'telegram',
    userId,
    chatId,
    claims: { updateType: kind, updateId: integerText((update as Record<string, unknown>).update_id), chatType },
  };
}
