import type { AuthError } from '../../errors/auth-error.js';
import { hasDuplicateKeys } from '../../util/json-duplicate-keys.js';
import { JWT_REFUSALS } from './jwt-refusals.js';

/** Longest compact JWT accepted; anything longer is refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8192;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Header parameters that would make a verifier trust keys or semantics chosen by the sender (RFC 8725 §3.10). */
const FORBIDDEN_HEADERS = ['crit', 'jwk', 'jku', 'x5u', 'x5c', 'b64', 'zip', 'enc'];
/** Header parameters whose type RFC 7515 §4.1 fixes, checked when present. */
const HEADER_TYPES: ReadonlyArray<readonly [string, (value: unknown) => boolean]> = [
  ['kid', isString],
  ['typ', isString],
  ['cty', isString],
];
/** Registered claims whose type RFC 7519 §4.1 fixes, checked when present (`sub` may also be an integer id). */
const CLAIM_TYPES: ReadonlyArray<readonly [string, (value: unknown) => boolean]> = [
  ['exp', Number.isFinite],
  ['nbf', Number.isFinite],
  ['iat', Number.isFinite],
  ['iss', isString],
  ['sub', (value) => isString(value) || Number.isSafeInteger(value)],
  ['aud', (value) => isString(value) || (Array.isArray(value) && value.every(isString))],
  ['jti', isString],
];
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
 * Checks what jsonwebtoken does not (it ignores `crit`, embedded keys, nesting, duplicate names and most claim
 * types) before any signature work: compact JWS shape, a JSON header with a pinned `alg`, no key-carrying or
 * critical headers, no nested JWT, no repeated member name, registered header parameters and claims of their types.
 * @returns the refusal, or the decoded (unverified) header and payload when the token may go on to verification.
 */
export function precheckJwt(token: string, algorithms: ReadonlySet<string>): AuthError | PrecheckedJwt {
  if (!isCompactJws(token)) return JWT_REFUSALS.malformed;
  const firstDot = token.indexOf('.');
  const header = checkedHeader(token.slice(0, firstDot));
  if (header === null) return JWT_REFUSALS.malformed;
  if (!algorithms.has(header.alg as string)) return JWT_REFUSALS.algorithm;
  const payload = decodeSegment(token.slice(firstDot + 1, token.indexOf('.', firstDot + 1)));
  if (payload === undefined || !hasTypedMembers(payload, CLAIM_TYPES)) return JWT_REFUSALS.malformed;
  return { header, payload };
}

/** Whether a value is shaped like a compact JWS (three base64url segments), at most {@link MAX_TOKEN_LENGTH} long. */
export function isCompactJws(token: string): boolean {
  return token.length <= MAX_TOKEN_LENGTH && COMPACT_JWS.test(token);
}

/**
 * The decoded header of a segment, or `null` when it is not acceptable: not a JSON object (or one repeating a
 * member name), no string `alg`, a key-carrying or critical parameter, a mistyped one, a nested token. Tokens of
 * one issuer share a few header segments, so the verdict is kept per segment: a header is decoded once, not per token.
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
  if (!hasTypedMembers(header, HEADER_TYPES) || isNestedJwt(header.cty)) return null;
  return Object.freeze(header);
}

/** A segment's JSON object, or undefined when it is not one or repeats a member name. */
function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const json = Buffer.from(segment, 'base64url').toString('utf8');
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value) || hasDuplicateKeys(json)) return undefined;
    return value as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function hasTypedMembers(object: Record<string, unknown>, types: ReadonlyArray<readonly [string, (value: unknown) => boolean]>): boolean {
  for (const [name, isValid] of types) {
    if (Object.hasOwn(object, name) && !isValid(object[name])) return false;
  }
  return true;
}

/** `cty: "JWT"` (any case, with or without the `application/` prefix) announces a nested token (RFC 7519 §5.2). */
function isNestedJwt(cty: unknown): boolean {
  if (typeof cty !== 'string') return false;
  const type = cty.toLowerCase();
  return type === 'jwt' || type === 'application/jwt';
}

function isString(value: unknown): boolean {
  return typeof value === 'string';
}
