import { readPath } from '../../util/claim-values.js';
import type { WebhookMessage, WebhookRequest } from './webhook-platform.js';
import { nonEmptyString, parseWebhookJson } from './webhook-json.js';

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const UNREADABLE: WebhookMessage = Object.freeze({ platform: 'slack' });

/**
 * Reads the sender of a Slack request from its raw body, the way Slack sends each kind:
 * - Events API (JSON): `event_callback` → `event.user`, `event.channel`; `url_verification` → a handshake (no sender);
 * - slash commands (form-encoded) → `user_id`, `channel_id`;
 * - interactivity (form-encoded `payload=<JSON>`) → `user.id`, `channel.id`.
 * Ids must be strings and are kept exactly; a form field sent twice is no id.
 */
export function readSlackPayload(request: WebhookRequest): WebhookMessage {
  const text = request.rawBody.toString('utf8');
  const contentType = request.headers['content-type'];
  return typeof contentType === 'string' && contentType.toLowerCase().startsWith(FORM_CONTENT_TYPE)
    ? readForm(new URLSearchParams(text))
    : readEvent(parseWebhookJson(text));
}

function readEvent(body: unknown): WebhookMessage {
  const type = nonEmptyString(readPath(body, ['type']));
  if (type === 'url_verification') return { platform: 'slack', handshake: true, claims: { type } };
  if (type !== 'event_callback') return type === undefined ? UNREADABLE : { platform: 'slack', claims: { type, teamId: teamOf(body) } };
  return {
    platform: 'slack',
    userId: nonEmptyString(readPath(body, ['event', 'user'])),
    chatId: nonEmptyString(readPath(body, ['event', 'channel'])),
    claims: {
      type,
      eventType: nonEmptyString(readPath(body, ['event', 'type'])),
      teamId: teamOf(body),
      apiAppId: nonEmptyString(readPath(body, ['api_app_id'])),
    },
  };
}

function readForm(form: URLSearchParams): WebhookMessage {
  const payload = singleField(form, 'payload');
  if (payload !== undefined) return readInteraction(parseWebhookJson(payload));
  const command = singleField(form, 'command');
  return {
    platform: 'slack',
    userId: singleField(form, 'user_id'),
    chatId: singleField(form, 'channel_id'),
    claims: {
      type: command === undefined ? undefined : 'slash_command',
      command,
      teamId: singleField(form, 'team_id'),
      apiAppId: singleField(form, 'api_app_id'),
    },
  };
}

function readInteraction(payload: unknown): WebhookMessage {
  if (typeof payload !== 'object' || payload === null) return UNREADABLE;
  return {
    platform: 'slack',
    userId: nonEmptyString(readPath(payload, ['user', 'id'])),
    chatId: nonEmptyString(readPath(payload, ['channel', 'id'])),
    claims: {
      type: nonEmptyString(readPath(payload, ['type'])),
      teamId: nonEmptyString(readPath(payload, ['team', 'id'])),
      apiAppId: nonEmptyString(readPath(payload, ['api_app_id'])),
    },
  };
}

/** The team of an Events API body (`team_id`). */
function teamOf(body: unknown): string | undefined {
  return nonEmptyString(readPath(body, ['team_id']));
}

/** A form field sent exactly once with a non-empty value; a repeated field is ambiguous and reads as absent. */
function singleField(form: URLSearchParams, name: string): string | undefined {
  const values = form.getAll(name);
  return values.length === 1 && values[0] !== '' ? values[0] : undefined;
}
