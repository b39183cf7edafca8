import { createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** Every key and secret of one benchmark run, generated when it starts (none is stored anywhere). */
export interface BenchKeys {
  readonly secret: string;
  /** A different HS256 secret, for tokens the servers must refuse. */
  readonly foreignSecret: string;
  readonly rsaPrivateKey: KeyObject;
  readonly publicKeyPem: string;
  readonly apiKey: string;
}

/** Fresh secrets and keys for one run. */
export function generateBenchKeys(): BenchKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    secret: randomBytes(32).toString('base64url'),
    foreignSecret: randomBytes(32).toString('base64url'),
    rsaPrivateKey: privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    apiKey: `bench_${randomBytes(24).toString('base64url')}`,
  };
}

const HS256_HEADER = base64url({ alg: 'HS256', typ: 'JWT' });
const RS256_HEADER = base64url({ alg: 'RS256', typ: 'JWT' });
const TOKEN_LIFETIME_SECONDS = 3600;

/** The claims of a benchmark token: an operator with a read scope, valid for an hour. */
function claims(subject: string, tokenId: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub: subject, roles: ['operator'], scope: 'agents:read', jti: tokenId, iat: now, exp: now + TOKEN_LIFETIME_SECONDS };
}

/** A HS256 JWT, signed directly with HMAC-SHA256 (a few µs, so a pool of 100,000+ is made in well under a second). */
export function signHs256(secret: string, subject: string, tokenId: string): string {
  const signingInput = `${HS256_HEADER}.${base64url(claims(subject, tokenId))}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

/** A RS256 JWT. */
export function signRs256(privateKey: KeyObject, subject: string, tokenId: string): string {
  const signingInput = `${RS256_HEADER}.${base64url(claims(subject, tokenId))}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

/**
 * `count` distinct HS256 tokens (distinct `jti` and subject), for the mode that sends a different token on every
 * request. `batch` keeps tokens of different runs apart, since a server keeps its cache between runs.
 */
export function hs256TokenPool(secret: string, count: number, batch: string): string[] {
  const tokens = new Array<string>(count);
  for (let i = 0; i < count; i++) tokens[i] = signHs256(secret, `user-${i % 1000}`, `${batch}-${i}`);
  return tokens;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
