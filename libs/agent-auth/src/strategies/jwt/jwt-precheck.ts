import { AuthError } from '../../errors/auth-error.js';

/** Longest compact JWT accepted; anything longer is refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8192;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Header parameters that would make a verifier trust keys or semantics chosen by the sender (RFC 8725 §3.10). */
const FORBIDDEN_HEADERS = ['crit', 'jwk', 'jku', 'x5u', 'x5c', 'b64', 'zip', 'enc'];
const TIME_CLAIMS = ['exp', 'nbf', 'iat'];
const MALFORMED = new AuthError('invalid_token');
/** Distinct header segments whose verdict is kept (an issuer uses a handful); the map is emptied when full. */
const MAX_KNOWN_HEADERS = 256;
/** Header segment → its decoded header when acceptable (whatever the pinned algorithms), `null` when not. */
const knownHeaders = new Map<string, Readonly<Record<string, unknown>> | null>();

/** The decoded header and payload of a token that passed {@link precheckJwt}. Not verified yet: only for routing. */
export interface PrecheckedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * Checks what jsonwebtoken does not (it ignores `crit`, embedded keys and nesting) before any signature work:
 * compact JWS shape, a JSON header with a pinned `alg`, no key-carrying or critical headers, no nested JWT,
 * a JSON object payload whose `exp`/`nbf`/`iat` are numbers.
 * @returns the refusal, or the decoded (unverified) header and payload when the token may go on to verification.
 */
export function precheckJwt(token: string, algorithms: ReadonlySet<string>): AuthError | PrecheckedJwt {
  if (!isCompactJws(token)) return MALFORMED;
  const firstDot = token.indexOf('.');
  const header = checkedHeader(token.slice(0, firstDot));
  if (header === null || !algorithms.has(header.alg as string)) return MALFORMED;
  const payload = decodeSegment(token.slice(firstDot + 1, token.indexOf('.', firstDot + 1)));
  if (payload === undefined) return MALFORMED;
  for (const claim of TIME_CLAIMS) {
    if (Object.hasOwn(payload, claim) && !Number.isFinite(payload[claim])) return MALFORMED;
  }
  return { header, payload };
}

/** Whether a value is shaped like a compact JWS (three base64url segments), at most {@link MAX_TOKEN_LENGTH} long. */
export function isCompactJws(token: string): boolean {
  return token.length <= MAX_TOKEN_LENGTH && COMPACT_JWS.test(token);
}

/**
 * The decoded header of a segment, or `null` when it is not acceptable: not a JSON object, no string `alg`,
 * a key-carrying or critical parameter, a nested token. Tokens of one issuer share a few header segments, so the
 * verdict is kept per segment and the header is decoded once, not on every token.
 */
function checkedHeader(segment: string): Readonly<Record<string, unknown>> | null {
  let header = knownHeaders.get(segment);
  if (header === undefined) {
    header = acceptableHeader(segment);
    if (knownHeaders.size >= MAX_KNOWN_HEADERS) knownHeaders.clear();
    knownHeaders.set(segment, header);
  }
  return header;
}

function acceptableHeader(segment: string): Readonly<Record<string, unknown>> | null {
  const header = decodeSegment(segment);
  if (header === undefined || typeof header.alg !== 'string') return null;
  if (FORBIDDEN_HEADERS.some((name) => Object.hasOwn(header, name))) return null;
  if (typeof header.cty === 'string' && header.cty.toUpperCase() === 'JWT') return null;
  return Object.freeze(header);
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
