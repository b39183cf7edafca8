import { createHmac, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import jsonwebtoken from 'jsonwebtoken';

/** A fresh HS256 secret for one test run (no secret is ever stored in the repo). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A fresh RSA key pair for one test run. */
export function newRsaKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** Signs claims as a compact JWT (HS256 by default; `sub` defaults to `u1`, `exp` to one hour ahead unless given). */
export function signToken(key: string | KeyObject, claims: Record<string, unknown> = {}, options: jsonwebtoken.SignOptions = {}): string {
  const lifetime: jsonwebtoken.SignOptions = 'exp' in claims ? {} : { expiresIn: '1h' };
  return jsonwebtoken.sign({ sub: 'u1', ...claims }, key, { algorithm: 'HS256', ...lifetime, ...options });
}

/** Base64url of a JSON value, for hand-built tokens. */
export function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A compact JWT built by hand from a header, a payload and a signature (for tokens no library would sign). */
export function rawToken(header: Record<string, unknown>, payload: Record<string, unknown>, signature = 'c2ln'): string {
  return `${b64(header)}.${b64(payload)}.${signature}`;
}

/**
 * A compact JWT HMAC-signed by hand over the exact JSON text given (objects are stringified), so that a test can
 * sign what jsonwebtoken refuses to: repeated claims, mistyped claims, any `alg` header with any HMAC key.
 */
export function hmacToken(key: string | Buffer, header: string | object, payload: string | object, hash = 'sha256'): string {
  const text = (value: string | object) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const signingInput = `${text(header)}.${text(payload)}`;
  return `${signingInput}.${createHmac(hash, key).update(signingInput).digest('base64url')}`;
}

/** Seconds since the epoch, as JWT time claims count them. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Tokens signed for one suite, and every credential the suite sent (none may ever appear in a log line). */
export interface CredentialLedger {
  readonly sent: Set<string>;
  /** Records a credential built elsewhere (a ticket, a forged token) and returns it. */
  remember(credential: string): string;
  /** Signs a token with the suite's defaults overridden by `claims`, and records it. */
  token(claims?: Record<string, unknown>): string;
}

/** A {@link CredentialLedger} signing with `secret` (HS256) and the given default claims. */
export function credentialLedger(secret: string, defaults: Record<string, unknown> = {}): CredentialLedger {
  const sent = new Set<string>();
  const remember = (credential: string) => (sent.add(credential), credential);
  return { sent, remember, token: (claims = {}) => remember(signToken(secret, { ...defaults, ...claims })) };
}
