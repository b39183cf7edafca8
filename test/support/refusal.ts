import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { HandlerHits, SECRET_MARKER } from '../fixtures/adversarial.fixture.js';
import type { TestApp } from './test-app.js';
import type { RawResponse } from './raw-http.js';

/** The refusal a request must end in. */
export interface ExpectedRefusal {
  readonly status: number;
  readonly code: string;
}

/** A line of a stack trace: none may reach a client. */
export const STACK_LINE = /\bat .+\.(?:js|ts|mjs|cjs):\d+/;
/** Codes whose 401 challenge must carry `error="invalid_token"` (a credential was sent and rejected). */
const REJECTED_CREDENTIAL = new Set(['invalid_token', 'token_expired', 'token_revoked', 'invalid_api_key', 'invalid_signature']);

/**
 * Sends a request and checks it was refused the expected way: no handler of the app ran, the status, `code`,
 * RFC 6750 challenge and `Retry-After` are right, and neither body nor headers hold a stack trace, the handler's
 * output or any of `secrets` (tokens, keys, PEM bodies).
 */
export async function expectRefused(
  server: TestApp,
  send: () => Promise<RawResponse>,
  expected: ExpectedRefusal,
  secrets: readonly string[] = [],
): Promise<RawResponse> {
  const hits = server.app.get(HandlerHits);
  const before = hits.total();
  const response = await send();
  expect({ status: response.status, code: response.json?.code }).toEqual(expected);
  expect(response.json?.statusCode).toBe(expected.status);
  expect(hits.total()).toBe(before);
  expectNoLeak(response, secrets);
  const challenge = response.headers['www-authenticate'];
  if (expected.status === 401) {
    expect(challenge).toMatch(/^Bearer realm="[^"]*"/);
    if (REJECTED_CREDENTIAL.has(expected.code)) expect(challenge).toContain('error="invalid_token"');
    else expect(challenge).not.toContain('error=');
  }
  if (expected.status === 429) {
    expect(challenge).toBeUndefined();
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  }
  return response;
}

/** Neither body nor headers hold a stack trace, the private handlers' output or any of `secrets`. */
export function expectNoLeak(response: RawResponse, secrets: readonly string[]): void {
  const everything = `${response.body}\n${JSON.stringify(response.headers)}`;
  expect(everything).not.toMatch(STACK_LINE);
  expect(everything).not.toContain(SECRET_MARKER);
  for (const secret of secrets) {
    for (const piece of secretPieces(secret)) expect(everything).not.toContain(piece);
  }
}

/** A secret and, for long or multi-line ones (PEM keys, JWTs), each of its lines and segments of 16+ characters. */
function secretPieces(secret: string): string[] {
  const pieces = secret.split(/[\n.]/).filter((piece) => piece.length >= 16 && !piece.startsWith('-----'));
  return secret.length >= 8 ? [secret, ...pieces] : pieces;
}

/** Counts a fixture's handler calls, to show a refused call never reached one. */
export interface HandlerCounter {
  readonly count: number;
}

/**
 * Awaits a supertest request that must be refused before any handler ran: the status and `code`, the handler
 * count unchanged, no stack trace in the body.
 */
export async function refusedBeforeHandler(hits: HandlerCounter, send: PromiseLike<Response>, status: number, code: string): Promise<Response> {
  const before = hits.count;
  const response = await send;
  expect({ status: response.status, code: (response.body as { code?: unknown }).code }).toEqual({ status, code });
  expect(hits.count).toBe(before);
  expect(response.text).not.toMatch(STACK_LINE);
  return response;
}
