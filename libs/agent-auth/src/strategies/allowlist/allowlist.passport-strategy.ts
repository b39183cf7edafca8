import { PassportStrategy } from '@nestjs/passport';
import type { AuthContext } from '../../auth-context.js';
import type { WebhookMessage, WebhookPlatform } from './webhook-platform.js';
import { WebhookPassportStrategy } from './webhook.passport-strategy.js';

const NO_ROLES: readonly string[] = Object.freeze([]);

/**
 * The `allowlist` Passport strategy: {@link WebhookPassportStrategy} authenticates the webhook, then `validate` lets the
 * sender in only when the platform's allowlist admits it (a handshake needs no sender) and makes the principal:
 * `userId` `<platform>:<user id>` (the chat id for a message with no user, `<platform>:handshake` for a handshake),
 * `method` `allowlist`, no roles or scopes, and `claims` with the platform, the ids and safe platform data.
 */
export class AllowlistPassportStrategy extends PassportStrategy(WebhookPassportStrategy, 'allowlist') {
  /** The name it is registered under with Passport. */
  override name = 'allowlist';

  constructor(platforms: readonly WebhookPlatform[]) {
    super(platforms);
  }

  /** Called by {@link WebhookPassportStrategy} with an authentic message; `false` refuses it (403 `not_allowlisted`). */
  validate(message: WebhookMessage, platform: WebhookPlatform): AuthContext | false {
    if (message.handshake === true) return allowlistPrincipal(message, 'handshake');
    const id = message.userId ?? message.chatId;
    return id !== undefined && platform.allowlist.admits(message) ? allowlistPrincipal(message, id) : false;
  }
}

function allowlistPrincipal(message: WebhookMessage, id: string): AuthContext {
  // fromEntries defines own properties: a `__proto__` key in custom claims stays a plain key.
  const claims: Record<string, unknown> = Object.fromEntries(Object.entries(message.claims ?? {}).filter(([, value]) => value !== undefined));
  claims.platform = message.platform;
  if (message.userId !== undefined) claims.userId = message.userId;
  if (message.chatId !== undefined) claims.chatId = message.chatId;
  if (message.handshake === true) claims.handshake = true;
  return Object.freeze({
    userId: `${message.platform}:${id}`,
    method: 'allowlist',
    roles: NO_ROLES,
    scopes: NO_ROLES,
    claims: Object.freeze(claims),
  });
}
