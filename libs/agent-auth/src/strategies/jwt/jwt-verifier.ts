import type { Logger } from '@nestjs/common';
import type { JWSHeaderParameters } from 'jose';
import type { Strategy } from 'passport-strategy';
import type { AuthContext } from '../../auth-context.js';
import { runPassportStrategy, type PassportOutcome } from '../../authentication/passport-runner.js';
import { AuthError } from '../../errors/auth-error.js';
import type { JwtAlgorithm, JwtOptions } from '../../options/jwt.options.js';
import type { BearerCredential } from './bearer-credential.js';
import { EdDsaJwtPassportStrategy } from './eddsa-jwt.passport-strategy.js';
import { HmacJwtPassportStrategy } from './hmac-jwt.passport-strategy.js';
import type { PrecheckedJwt } from './jwt-precheck.js';
import { resolveJwtSettings, type JwtSettings } from './jwt-settings.js';
import { verificationError } from './jwt-verification-error.js';
import { JwtPassportStrategy, type JsonWebTokenAlgorithm } from './jwt.passport-strategy.js';
import { JWT_REFUSALS } from './jwt-refusals.js';
import { discoverJwksUri } from './oidc-discovery.js';
import { RemoteKeySet } from './remote-key-set.js';

/** Longest a verified token is trusted without re-verification, even without `exp`. */
const MAX_TRUST_MS = 5 * 60_000;
const NO_KEY_SET = new Error('the JWKS URL is not known (discovery has not run)');

/**
 * Verifies the tokens of one `jwt` configuration: the algorithms it pins, its key (configured once, or taken
 * from its JWKS, which discovery may find at startup) and its claim checks. RS*, PS* and ES* tokens go through
 * passport-jwt (jsonwebtoken), EdDSA tokens through jose, HMAC tokens through node:crypto, each inside a Passport
 * strategy; whichever verified a token, it is then refused when it has no `exp` (unless `requireExpiry: false`),
 * which none of those libraries requires.
 */
export class JwtVerifier {
  /** The resolved configuration. */
  readonly settings: JwtSettings;
  /** The Passport strategy that verifies each pinned algorithm. */
  private readonly strategies = new Map<string, Strategy>();
  private keySet?: RemoteKeySet;

  /** @param onKeysRemoved called when the JWKS drops a key: tokens verified with it must leave every cache. */
  constructor(
    options: JwtOptions,
    path: string,
    private readonly logger: Logger,
    private readonly onKeysRemoved?: () => void,
  ) {
    this.settings = resolveJwtSettings(options, path);
    const { key, remote, algorithms } = this.settings;
    if (key?.type === 'secret') {
      this.handle(algorithms, new HmacJwtPassportStrategy(this.settings, key));
    } else {
      const keys = key ?? ((header: BearerCredential['header']) => this.remoteKey(header));
      const publicKeyAlgorithms = algorithms.filter(isJsonWebTokenAlgorithm);
      if (publicKeyAlgorithms.length > 0) this.handle(publicKeyAlgorithms, new JwtPassportStrategy(this.settings, keys, publicKeyAlgorithms));
      if (algorithms.includes('EdDSA')) this.handle(['EdDSA'], new EdDsaJwtPassportStrategy(this.settings, keys));
    }
    if (remote?.jwksUri !== undefined) this.keySet = new RemoteKeySet(remote.jwksUri, remote, logger, onKeysRemoved);
  }

  /** The algorithms this configuration accepts. */
  get algorithms(): readonly JwtAlgorithm[] {
    return this.settings.algorithms;
  }

  /**
   * Startup work of a configuration with remote keys: with `discovery`, reads the issuer's OpenID configuration and
   * uses its `jwks_uri`; then fetches the JWKS once (a failure there is only logged, see {@link RemoteKeySet.prefetch}).
   * @throws Error naming the option when discovery fails: the app must not boot without knowing where its keys are.
   */
  async prepare(): Promise<void> {
    const remote = this.settings.remote;
    if (remote === undefined) return;
    if (this.keySet === undefined && remote.discoveryIssuer !== undefined) {
      const jwksUri = await discoverJwksUri(remote.discoveryIssuer, {
        path: this.settings.path,
        timeoutMs: remote.timeoutMs,
        allowInsecureHttp: remote.allowInsecureHttp,
        logger: this.logger,
      });
      this.keySet = new RemoteKeySet(jwksUri, remote, this.logger, this.onKeysRemoved);
      this.logger.log(`${this.settings.path}: keys of ${remote.discoveryIssuer} from ${jwksUri} (OpenID Connect discovery)`);
    }
    await this.keySet?.prefetch();
  }

  /** Verifies a pre-checked token; an algorithm this configuration does not pin is refused before any key lookup. */
  verify(token: string, jwt: PrecheckedJwt): AuthContext | AuthError | Promise<AuthContext | AuthError> {
    const strategy = this.strategies.get(jwt.header.alg as string);
    if (strategy === undefined) return JWT_REFUSALS.algorithm;
    const credential: BearerCredential = { token, header: jwt.header, payload: jwt.payload };
    const outcome = runPassportStrategy(strategy, credential);
    return outcome instanceof Promise ? outcome.then(this.settle) : this.settle(outcome);
  }

  /** Until when (epoch ms) a token verified here may be answered from cache: never past `exp`, `maxAge` or 5 minutes. */
  trustedUntil(claims: Readonly<Record<string, unknown>>): number {
    const { clockToleranceSeconds, maxAgeSeconds } = this.settings;
    let until = Date.now() + MAX_TRUST_MS;
    if (typeof claims.exp === 'number') until = Math.min(until, (claims.exp + clockToleranceSeconds) * 1000);
    if (maxAgeSeconds !== undefined && typeof claims.iat === 'number') {
      until = Math.min(until, (claims.iat + maxAgeSeconds + clockToleranceSeconds) * 1000);
    }
    return until;
  }

  /** How the strategy ended, as a principal or a refusal; a verified token without `exp` is refused here. */
  private readonly settle = (outcome: PassportOutcome): AuthContext | AuthError => {
    if (outcome.kind === 'success') {
      const auth = outcome.user as AuthContext;
      return this.settings.requireExpiry && typeof auth.claims.exp !== 'number' ? JWT_REFUSALS.noExpiry : auth;
    }
    return verificationError(outcome.kind === 'fail' ? outcome.challenge : outcome.kind === 'error' ? outcome.error : undefined);
  };

  private handle(algorithms: readonly JwtAlgorithm[], strategy: Strategy): void {
    for (const algorithm of algorithms) this.strategies.set(algorithm, strategy);
  }

  private remoteKey(header: BearerCredential['header']) {
    return this.keySet === undefined ? Promise.reject(NO_KEY_SET) : this.keySet.keyFor(header as JWSHeaderParameters);
  }
}

function isJsonWebTokenAlgorithm(algorithm: JwtAlgorithm): algorithm is JsonWebTokenAlgorithm {
  return algorithm !== 'EdDSA' && !algorithm.startsWith('HS');
}
