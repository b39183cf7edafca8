import type { AuthError } from '../../errors/auth-error.js';
import type { CustomAllowlistOptions } from '../../options/custom-allowlist.options.js';
import { Allowlist } from './allowlist.js';
import { INVALID_SIGNATURE } from './webhook-errors.js';
import type { WebhookMessage, WebhookPlatform, WebhookRequest } from './webhook-platform.js';

/**
 * A platform of the user's own ({@link CustomAllowlistOptions}): its `verify` and `identify` run guarded, so a
 * throwing resolver refuses the request (401, or 403 with no sender) instead of failing it with a 500.
 */
export class CustomPlatform implements WebhookPlatform {
  readonly name: string;
  readonly header: string;
  readonly allowlist: Allowlist;

  constructor(private readonly options: CustomAllowlistOptions) {
    this.name = options.name;
    this.header = options.header.toLowerCase();
    this.allowlist = new Allowlist(options.userIds, options.chatIds);
  }

  /** Runs the resolver's `verify`; only `true` is authentic. */
  verify(request: WebhookRequest): AuthError | undefined {
    try {
      return this.options.verify(request) === true ? undefined : INVALID_SIGNATURE;
    } catch {
      return INVALID_SIGNATURE;
    }
  }

  /** Runs the resolver's `identify`; only string ids count. */
  identify(request: WebhookRequest): WebhookMessage {
    let sender: ReturnType<CustomAllowlistOptions['identify']>;
    try {
      sender = this.options.identify(request);
    } catch {
      return { platform: this.name };
    }
    return {
      platform: this.name,
      userId: typeof sender?.userId === 'string' ? sender.userId : undefined,
      chatId: typeof sender?.chatId === 'string' ? sender.chatId : undefined,
      claims: typeof sender?.claims === 'object' && sender.claims !== null ? sender.claims : undefined,
    };
  }
}
