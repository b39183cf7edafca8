import type { AuthContext, AuthRequest } from '../../auth-context.js';
import type { AuthStrategy, StrategyOutcome } from '../../authentication/auth-strategy.interface.js';
import { runPassportStrategy, type PassportOutcome } from '../../authentication/passport-runner.js';
import { AuthError } from '../../errors/auth-error.js';
import type { AllowlistOptions } from '../../options/allowlist.options.js';
import { AllowlistPassportStrategy } from './allowlist.passport-strategy.js';
import { CustomPlatform } from './custom.platform.js';
import { DiscordPlatform } from './discord.platform.js';
import { SlackPlatform } from './slack.platform.js';
import { TelegramPlatform } from './telegram.platform.js';
import { INVALID_SIGNATURE } from './webhook-errors.js';
import type { WebhookPlatform } from './webhook-platform.js';
import { routeWebhook } from './webhook-router.js';

/** Name of the strategy that accepts every configured platform; `allowlist:<platform>` accepts one. */
export const ALLOWLIST_STRATEGY = 'allowlist';

/**
 * The `allowlist` strategy of the composite guard (and one `allowlist:<platform>` per platform, for routes that
 * accept a single platform). Steps aside, synchronously, when the request carries none of its platforms' headers;
 * otherwise runs the Passport {@link AllowlistPassportStrategy}, whose refusals are 401 `invalid_signature` (not authentic)
 * or 403 `not_allowlisted` (authentic, sender not listed).
 */
export class AllowlistStrategy implements AuthStrategy {
  constructor(
    readonly name: string,
    private readonly strategy: AllowlistPassportStrategy,
    private readonly platforms: readonly WebhookPlatform[],
  ) {}

  /**
   * The strategies for the configured platforms (platform keys imported once, here):
   * `allowlist` for all of them, then `allowlist:telegram`, `allowlist:slack`, … for each.
   */
  static fromOptions(options: AllowlistOptions): AllowlistStrategy[] {
    const platforms: WebhookPlatform[] = [];
    if (options.telegram) platforms.push(new TelegramPlatform(options.telegram));
    if (options.slack) platforms.push(new SlackPlatform(options.slack));
    if (options.discord) platforms.push(new DiscordPlatform(options.discord));
    for (const custom of options.custom ?? []) platforms.push(new CustomPlatform(custom));
    const strategy = new AllowlistPassportStrategy(platforms);
    return [
      new AllowlistStrategy(ALLOWLIST_STRATEGY, strategy, platforms),
      ...platforms.map((platform) => new AllowlistStrategy(`${ALLOWLIST_STRATEGY}:${platform.name}`, strategy, [platform])),
    ];
  }

  /** Authenticates a webhook request; steps aside when it carries no platform header of this strategy. */
  authenticate(request: AuthRequest): StrategyOutcome | Promise<StrategyOutcome> {
    if (routeWebhook(this.platforms, request.headers) === undefined) return undefined;
    const outcome = runPassportStrategy(this.strategy, request);
    return outcome instanceof Promise ? outcome.then(settle) : settle(outcome);
  }
}

/** The principal, or the refusal the strategy gave (an unexpected error is refused too, never a 500). */
function settle(outcome: PassportOutcome): AuthContext | AuthError {
  if (outcome.kind === 'success') return outcome.user as AuthContext;
  const reason = outcome.kind === 'fail' ? outcome.challenge : outcome.kind === 'error' ? outcome.error : undefined;
  return reason instanceof AuthError ? reason : INVALID_SIGNATURE;
}
