import { AuthError } from '../../errors/auth-error.js';

/** Longest compact JWT accepted; anything longer is refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8192;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Header parameters that would make a verifier trust keys or semantics chosen by the sender (RFC 8725 §3.10). */
const FORBIDDEN_HEADERS = ['crit', 'jwk', 'jku', 'x5u', 'x5c', 'b64', 'zip', 'enc'];
const TIME_CLAIMS = ['exp', 'nbf', 'iat'];
const MALFORMED = new AuthError('invalid_token');

/**
 * Checks what jsonwebtoken does not (it ignores `crit`, embedded keys and nesting) before any signature work:
 * compact JWS shape, a JSON header with a pinned `alg`, no key-carrying or critical headers, no nested JWT,
 * a JSON object payload whose `exp`/`nbf`/`iat` are numbers.
 * @returns the refusal, or undefined when the token may go on to signature verification.
 */
export function precheckJwt(token: string, algorithms: ReadonlySet<string>): AuthError | undefined {
  if (!isCompactJws(token)) return MALFORMED;
  const firstDot = token.indexOf('.');
  const header = decodeSegment(token.slice(0, firstDot));
  if (header === undefined || typeof header.alg !== 'string' || !algorithms.has(header.alg)) return MALFORMED;
  if (FORBIDDEN_HEADERS.some((name) => Object.hasOwn(header, name))) return MALFORMED;
  if (typeof header.cty === 'string' && header.cty.toUpperCase() === 'JWT') return MALFORMED;
  const payload = decodeSegment(token.slice(firstDot + 1, token.indexOf('.', firstDot + 1)));
  if (payload === undefined) return MALFORMED;
  for (const claim of TIME_CLAIMS) {
    if (Object.hasOwn(payload, claim) && !Number.isFinite(payload[claim])) return MALFORMED;
  }
  return undefined;
}

/** Whether a value is shaped like a compact JWS (three base64url segments), at most {@link MAX_TOKEN_LENGTH} long. */
export function isCompactJws(token: string): boolean {
  return token.length <= MAX_TOKEN_LENGTH && COMPACT_JWS.test(token);
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
