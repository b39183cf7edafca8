import { Logger } from '@nestjs/common';
import type { AuthContext, AuthRequest } from '../../auth-context.js';
import type { AuthStrategy, StrategyOutcome } from '../../authentication/auth-strategy.interface.js';
import { readBearerToken } from '../../credentials/bearer-token.js';
import { readQueryCredential } from '../../credentials/query-credential.js';
import { AuthError } from '../../errors/auth-error.js';
import type { JwtOptions } from '../../options/jwt.options.js';
import type { RoutePolicy } from '../../policy/route-policy.js';
import type { RevocationCheck } from '../../revocation/revocation-check.js';
import type { RevocationQuery } from '../../revocation/revocation-store.interface.js';
import { BoundedCache } from '../../util/bounded-cache.js';
import { SecondSightingFilter } from '../../util/second-sighting-filter.js';
import { precheckJwt, type PrecheckedJwt } from './jwt-precheck.js';
import { JWT_REFUSALS } from './jwt-refusals.js';
import { JwtVerifier } from './jwt-verifier.js';

/** Verified tokens kept at most; the cache never grows past it whatever the traffic. */
export const JWT_CACHE_SIZE = 10_000;
const REVOKED = new AuthError('token_revoked');

/**
 * The `jwt` strategy of the composite guard: reads the Bearer token, answers from a bounded cache of tokens
 * already verified more than once (entries never outlive `exp` or `maxAge`), and sends the rest, after cheap structural
 * pre-checks, to the {@link JwtVerifier} of its issuer: a configuration with `issuer` only sees tokens whose
 * `iss` it names, so only configured issuers' keys are ever looked up. With a {@link RevocationCheck}, a verified token
 * is refused `token_revoked` when its `jti` or its subject was revoked; the cache is dropped at every revocation.
 */
export class JwtStrategy implements AuthStrategy {
  readonly name = 'jwt';
  private readonly verifiers: readonly JwtVerifier[];
  /** The verifier of each configured issuer. */
  private readonly byIssuer = new Map<string, JwtVerifier>();
  /** The single configuration without `issuer`: it sees every token. */
  private readonly anyIssuer?: JwtVerifier;
  /** Every algorithm some configuration pins. */
  private readonly algorithms: ReadonlySet<string>;
  private readonly verified = new BoundedCache<AuthContext>(JWT_CACHE_SIZE);
  /** Tokens are cached from their second verification on: a token seen once never churns the cache. */
  private readonly admission = new SecondSightingFilter();

  /** @param revocations checks each verified token against the revocation store; none: no revocation check. */
  constructor(
    options: JwtOptions | readonly JwtOptions[],
    private readonly revocations?: RevocationCheck,
  ) {
    const logger = new Logger('AgentAuthModule');
    const several = Array.isArray(options);
    const list: readonly JwtOptions[] = several ? options : [options as JwtOptions];
    const forgetVerified = () => this.verified.clear();
    this.verifiers = list.map((entry, index) => new JwtVerifier(entry, several ? `jwt.${index}` : 'jwt', logger, forgetVerified));
    for (const verifier of this.verifiers) {
      const issuer = verifier.settings.issuer;
      if (issuer === undefined) this.anyIssuer = verifier;
      for (const name of typeof issuer === 'string' ? [issuer] : (issuer ?? [])) this.byIssuer.set(name, verifier);
    }
    this.algorithms = new Set(this.verifiers.flatMap((verifier) => verifier.algorithms));
    revocations?.register(forgetVerified);
  }

  /** Startup work of every configuration (OpenID Connect discovery); rejects, naming the option, when one fails. */
  async prepare(): Promise<void> {
    await Promise.all(this.verifiers.map((verifier) => verifier.prepare()));
  }

  /** How many verified tokens are cached (never more than {@link JWT_CACHE_SIZE}). */
  get cachedTokens(): number {
    return this.verified.size;
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
    const jwt = precheckJwt(token, this.algorithms);
    if (jwt instanceof AuthError) return jwt;
    const verifier = this.verifierFor(jwt);
    if (verifier === undefined) return JWT_REFUSALS.issuer;
    const outcome = verifier.verify(token, jwt);
    if (outcome instanceof Promise) return outcome.then((settled) => this.remember(token, settled, verifier));
    return this.remember(token, outcome, verifier);
  }

  /**
   * Checks a verified token against the revocations, then caches it from its second verification on until its
   * verifier stops trusting it; a refused one is never cached.
   */
  private remember(
    token: string,
    outcome: AuthContext | AuthError,
    verifier: JwtVerifier,
  ): AuthContext | AuthError | Promise<AuthContext | AuthError> {
    if (outcome instanceof AuthError) return outcome;
    const cache = (auth: AuthContext) => {
      if (this.admission.admit(token)) this.verified.set(token, auth, verifier.trustedUntil(auth.claims));
    };
    if (this.revocations === undefined) {
      cache(outcome);
      return outcome;
    }
    return this.revocations.admit(outcome, revocationQuery(outcome), REVOKED, cache);
  }

  private verifierFor(jwt: PrecheckedJwt): JwtVerifier | undefined {
    if (this.anyIssuer !== undefined) return this.anyIssuer;
    const issuer = jwt.payload.iss;
    return typeof issuer === 'string' ? this.byIssuer.get(issuer) : undefined;
  }
}

/** What the revocation store is asked about a verified token: its `jti`, its subject and when it was issued. */
function revocationQuery(auth: AuthContext): RevocationQuery {
  const { jti, iat } = auth.claims;
  return {
    kind: 'token',
    jti: typeof jti === 'string' ? jti : undefined,
    subject: auth.userId,
    issuedAt: typeof iat === 'number' ? iat * 1000 : undefined,
  };
}
