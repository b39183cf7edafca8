import { randomBytes, type KeyObject } from 'node:crypto';
import { signDiscordWebhook, signSlackWebhook, type SignedWebhook } from 'nest-agent-auth/testing';

/** Seconds since the epoch, as Slack and Discord put it in their timestamp headers. */
export function unixNow(offsetSeconds = 0): string {
  return String(Math.floor(Date.now() / 1000) + offsetSeconds);
}

/** A fresh Telegram webhook secret token (32 characters of A-Z a-z 0-9 _ -) for one test run. */
export function newTelegramSecretToken(): string {
  return randomBytes(24).toString('base64url');
}

/** A fresh Slack signing secret (32 hex characters, like Slack's) for one test run. */
export function newSlackSigningSecret(): string {
  return randomBytes(16).toString('hex');
}

/** Headers Slack sends, as the testing kit signs them, without a `Content-Type` (the tests set their own). */
export function slackHeaders(secret: string, body: string, timestamp = unixNow()): Record<string, string> {
  return signatureHeaders(signSlackWebhook(secret, body, { timestamp }));
}

/** Headers Discord sends, as the testing kit signs them, without a `Content-Type` (the tests set their own). */
export function discordHeaders(privateKey: KeyObject, body: string, timestamp = unixNow()): Record<string, string> {
  return signatureHeaders(signDiscordWebhook(privateKey, body, { timestamp }));
}

function signatureHeaders(webhook: SignedWebhook): Record<string, string> {
  return Object.fromEntries(Object.entries(webhook.headers).filter(([name]) => name !== 'Content-Type'));
}

/** A Telegram `message` update as the Bot API sends it (ids written verbatim, so tests can vary their JSON form). */
export function telegramMessage(fromId: string, chatId: string, kind = 'message'): string {
  return (
    `{"update_id":10000,"${kind}":{"message_id":1365,"date":1441645532,` +
    `"from":{"id":${fromId},"is_bot":false,"first_name":"Ada","username":"ada"},` +
    `"chat":{"id":${chatId},"type":"private","first_name":"Ada"},"text":"/start"}}`
  );
}

/** A Slack Events API `event_callback` with a `message` event. */
export function slackEvent(user: unknown, channel: unknown = 'C0LAN2Q65'): string {
  return JSON.stringify({
    token: 'verification-token-not-used',
    team_id: 'T061EG9R6',
    api_app_id: 'A0PNCHHK2',
    event: { type: 'message', channel, user, text: 'hello agent', ts: '1525215129.000001' },
    type: 'event_callback',
    event_id: 'Ev0PV52K25',
    event_time: 1525215129,
  });
}

/** A Slack slash command as Slack posts it: form-encoded. */
export function slackSlashCommand(userId: string, channelId = 'C2147483705', extra = ''): string {
  return (
    'token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&enterprise_id=E0001' +
    `&channel_id=${channelId}&channel_name=test&user_id=${userId}&user_name=Steve` +
    '&command=%2Fweather&text=94070&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678' +
    `&trigger_id=13345224609.738474920.8088930838d88f008e0&api_app_id=A123456${extra}`
  );
}

/** A Slack interactivity request: form-encoded `payload=<JSON>` of a `block_actions` interaction. */
export function slackInteraction(userId: string, channelId = 'C0LAN2Q65'): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T9TK3CUKW', domain: 'example' },
    user: { id: userId, username: 'ada', team_id: 'T9TK3CUKW' },
    api_app_id: 'AABA1ABCD',
    token: '9s8d9as89d8as9d8as989',
    container: { type: 'message_attachment', message_ts: '1548261231.000200', channel_id: channelId },
    trigger_id: '12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3',
    channel: { id: channelId, name: 'review-updates' },
    response_url: 'https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209',
    actions: [{ action_id: 'WaXA', block_id: '=qXel', text: { type: 'plain_text', text: 'View' }, value: 'click_me_123', type: 'button' }],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A Discord slash-command interaction, in a guild (`member.user.id`) or a DM (`user.id`). */
export function discordCommand(userId: unknown, channelId: unknown = '41771983423143937', where: 'guild' | 'dm' = 'guild'): string {
  const user = { id: userId, username: 'ada', discriminator: '0' };
  return JSON.stringify({
    type: 2,
    id: '786008729715212338',
    application_id: '775799577604522054',
    token: 'A_UNIQUE_TOKEN',
    version: 1,
    channel_id: channelId,
    data: { id: '771825006014889984', name: 'blep', type: 1 },
    ...(where === 'guild' ? { guild_id: '290926798626357999', member: { user, roles: [] } } : { user }),
  });
}
