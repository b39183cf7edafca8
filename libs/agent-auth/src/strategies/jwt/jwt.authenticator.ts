import jsonwebtoken from 'jsonwebtoken';
import type { AuthContext, AuthRequest } from '../../auth-context.js';
import type { AuthStrategy, StrategyOutcome } from '../../authentication/auth-strategy.interface.js';
import { runPassportStrategy, type PassportOutcome } from '../../authentication/passport-runner.js';
import { readBearerToken } from '../../credentials/bearer-token.js';
import { readQueryCredential } from '../../credentials/query-credential.js';
import { AuthError } from '../../errors/auth-error.js';
import type { JwtOptions } from '../../options/jwt.options.js';
import type { RoutePolicy } from '../../policy/route-policy.js';
import { BoundedCache } from '../../util/bounded-cache.js';
import { precheckJwt } from './jwt-precheck.js';
import { resolveJwtSettings, type JwtSettings } from './jwt-settings.js';
import { JwtStrategy } from './jwt.strategy.js';

/** Verified tokens kept at most; the cache never grows past it whatever the traffic. */
export const JWT_CACHE_SIZE = 10_000;
/** Longest a verified token is trusted without re-verification, even without `exp`. */
const MAX_CACHE_MS = 5 * 60_000;
const INVALID = new AuthError('invalid_token');

/**
 * The `jwt` strategy of the composite guard: reads the Bearer token, answers from a bounded cache of tokens
 * already verified (entries never outlive `exp` or `maxAge`), and verifies the rest through the Passport
 * {@link JwtStrategy} after cheap structural pre-checks.
 */
export class JwtAuthenticator implements AuthStrategy {
  readonly name = 'jwt';
  private readonly settings: JwtSettings;
  private readonly strategy: JwtStrategy;
  private readonly algorithms: ReadonlySet<string>;
  private readonly verified = new BoundedCache<AuthContext>(JWT_CACHE_SIZE);

  constructor(options: JwtOptions) {
    this.settings = resolveJwtSettings(options);
    this.strategy = new JwtStrategy(this.settings);
    this.algorithms = new Set(this.settings.algorithms);
  }

  /**
   * Authenticates a request's Bearer token, or the query token of a route that opted in with `@AllowQueryToken()`;
   * steps aside when there is none (or when the query carries a stream ticket instead).
   */
  authenticate(request: AuthRequest, route: RoutePolicy): StrategyOutcome | Promise<StrategyOutcome> {
    if (route.queryToken !== undefined) {
      const query = readQueryCredential(request, route);
      if (query !== undefined) return query instanceof AuthError ? query : query.kind === 'token' ? this.verify(query.value) : undefined;
    }
    const token = readBearerToken(request.headers);
    if (typeof token !== 'string') return token;
    return this.verify(token);
  }

  /** Verifies one token (from the cache when it was verified before). */
  verify(token: string): AuthContext | AuthError | Promise<AuthContext | AuthError> {
    const cached = this.verified.get(token, Date.now());
    if (cached !== undefined) return cached;
    const problem = precheckJwt(token, this.algorithms);
    if (problem !== undefined) return problem;
    return runPassportStrategy(this.strategy, { token }).then((outcome) => this.settle(token, outcome));
  }

  private settle(token: string, outcome: PassportOutcome): AuthContext | AuthError {
    if (outcome.kind === 'success') {
      const auth = outcome.user as AuthContext;
      this.verified.set(token, auth, this.trustedUntil(auth.claims));
      return auth;
    }
    if (outcome.kind === 'error' && outcome.error instanceof AuthError) return outcome.error;
    const reason = outcome.kind === 'fail' ? outcome.challenge : outcome.kind === 'error' ? outcome.error : undefined;
    return verificationError(reason);
  }

  private trustedUntil(claims: Readonly<Record<string, unknown>>): number {
    const now = Date.now();
    let until = now + MAX_CACHE_MS;
    if (typeof claims.exp === 'number') until = Math.min(until, (claims.exp + this.settings.clockToleranceSeconds) * 1000);
    if (this.settings.maxAgeSeconds !== undefined && typeof claims.iat === 'number') {
      until = Math.min(until, (claims.iat + this.settings.maxAgeSeconds + this.settings.clockToleranceSeconds) * 1000);
    }
    return until;
  }
}

/** Maps what jsonwebtoken rejected a token for to our codes; the cause is kept, never sent. */
function verificationError(reason: unknown): AuthError {
  if (reason instanceof jsonwebtoken.TokenExpiredError) return new AuthError('token_expired', { cause: reason });
  if (reason instanceof jsonwebtoken.NotBeforeError) {
    return new AuthError('invalid_token', { message: 'Token not yet valid', cause: reason });
  }
  return reason === undefined ? INVALID : new AuthError('invalid_token', { cause: reason });
}
