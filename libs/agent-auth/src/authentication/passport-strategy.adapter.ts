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
 * `userId` from `userId`, `id` or `sub`, `roles`, `scopes` and `tenantId` from the fields of those names.
 */
export class PassportStrategyAdapter implements AuthStrategy {
  constructor(
    readonly name: string,
    private readonly strategy: Strategy,
  ) {}

  /** The adapter for a strategy registered with Passport, or undefined when none has that name. */
  static fromRegistry(name: string): PassportStrategyAdapter | undefined {
    const strategy = (passport as unknown as { _strategy(name: string): Strategy | undefined })._strategy(name);
    return strategy === undefined ? undefined : new PassportStrategyAdapter(name, strategy);
  }

  async authenticate(request: AuthRequest): Promise<StrategyOutcome> {
    const outcome = await runPassportStrategy(this.strategy, request);
    switch (outcome.kind) {
      case 'success':
        return outcome.user ? this.toAuthContext(outcome.user) : REFUSED;
      case 'error':
        if (outcome.error instanceof AuthError) return outcome.error;
        throw outcome.error;
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
      tenantId: typeof fields.tenantId === 'string' ? fields.tenantId : undefined,
      claims: Object.freeze({ ...fields }),
    });
  }
}
