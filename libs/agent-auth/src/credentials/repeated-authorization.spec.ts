import { describe, expect, it } from '@jest/globals';
import { repeatsAuthorization } from './repeated-authorization.js';

const express = (...rawHeaders: string[]) => ({ headers: {}, rawHeaders });
const fastify = (...rawHeaders: string[]) => ({ headers: {}, raw: { rawHeaders } });

describe('repeatsAuthorization', () => {
  it('finds a second Authorization line in any case, on Express and Fastify requests', () => {
    expect(repeatsAuthorization(express('Authorization', 'Bearer a', 'authorization', 'Bearer b'))).toBe(true);
    expect(repeatsAuthorization(fastify('AUTHORIZATION', 'Bearer a', 'Host', 'x', 'Authorization', 'Bearer a'))).toBe(true);
  });

  it('accepts a single Authorization line and look-alike names', () => {
    expect(repeatsAuthorization(express('Authorization', 'Bearer a', 'Proxy-Authorization', 'Basic b', 'X-Authorization', 'c'))).toBe(false);
    expect(repeatsAuthorization(express('Host', 'authorization'))).toBe(false);
  });

  it('answers false when the request keeps no raw header list (a WebSocket client)', () => {
    expect(repeatsAuthorization({ headers: { authorization: 'Bearer a' } })).toBe(false);
  });
});
