import passport from 'passport';
import type { Strategy } from 'passport-strategy';
import type { AuthContext, AuthRequest } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import { stringList } from '../util/claim-values.js';
import type { AuthStrategy, StrategyOutcome } from './auth-strategy.interface.js';
import { runPassportStrategy } from './passport-runner.js';

const REFUSED = new AuthError('missing_credentials');

/**
 * Composes any Passport strategy registered by name (for example a `PassportStrategy(Strategy, 'github')`
 * provider) into the composite guard. The user its `validate` returns becomes the principal:
 * `userId` from `userId`, `id` or `sub`, `roles`, `scopes`, `permissions` and `tenantId` from the fields of those names.
 *
 * How its ending is read: `success(user)` authenticates; `pass()` means it found no credential of its kind, so it
 * steps aside (the next strategy runs; with none left, an `@OptionalAuth()` route goes on anonymously, another route
 * answers `missing_credentials`); `fail()`, whatever its challenge or status, and `redirect()` are a refusal (401),
 * on `@OptionalAuth()` routes too. Passport's `fail()` does not tell a missing credential from a rejected one
 * (most strategies, and `validate` returning null, end with the same call), so reading any `fail()` as absence would
 * let a rejected credential through as anonymous: a strategy meant for optional routes calls `pass()` when its
 * credential is not there. `error(err)` is rethrown, unless it is an `AuthError`, which is the refusal.
 */
export class PassportStrategyAdapter implements AuthStrategy {
  constructor(
    readonly name: string,
    private readonly strategy: Strategy,
  ) {}

  /**
   * The adapter for a strategy registered with Passport, or undefined when none has that name. Passport keeps its
   * strategies in a plain object, so a name such as `__proto__` or `toString` finds something that is no strategy.
   */
  static fromRegistry(name: string): PassportStrategyAdapter | undefined {
    const found: unknown = (passport as unknown as { _strategy(name: string): unknown })._strategy(name);
    return isStrategy(found) ? new PassportStrategyAdapter(name, found) : undefined;
  }

  async authenticate(request: AuthRequest): Promise<StrategyOutcome> {
    const outcome = await runPassportStrategy(this.strategy, request);
    switch (outcome.kind) {
      case 'success':
        return outcome.user ? this.toAuthContext(outcome.user) : REFUSED;
      case 'error':
        if (outcome.error instanceof AuthError) return outcome.error;
        throw outcome.error;
      case 'pass':
        return undefined;
      default:
        return REFUSED;
    }
  }

  private toAuthContext(user: unknown): AuthContext | AuthError {
    const fields = typeof user === 'object' && user !== null ? (user as Record<string, unknown>) : { id: user };
    const id = [fields.userId, fields.id, fields.sub].find((value) => typeof value === 'string' || typeof value === 'number');
    if (id === undefined) return new AuthError('invalid_token', { message: 'Authenticated user has no id' });
    return Object.freeze({
      userId: String(id),
      method: this.name,
      roles: Object.freeze(stringList(fields.roles)),
      scopes: Object.freeze(stringList(fields.scopes)),
      permissions: Object.freeze(stringList(fields.permissions)),
      tenantId: typeof fields.tenantId === 'string' ? fields.tenantId : undefined,
      claims: Object.freeze({ ...fields }),
    });
  }
}

function isStrategy(value: unknown): value is Strategy {
  return typeof value === 'object' && value !== null && value !== Object.prototype && typeof (value as Strategy).authenticate === 'function';
}
