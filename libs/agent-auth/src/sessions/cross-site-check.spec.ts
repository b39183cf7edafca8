import { describe, expect, it } from '@jest/globals';
import { crossSiteProblem } from './cross-site-check.js';

const ORIGIN = 'https://chat.example.test';
const TOKEN = 't'.repeat(43);

function check(method: string, headers: Record<string, string>, body?: unknown): string | undefined {
  return crossSiteProblem({ method, headers, body }, ORIGIN, TOKEN);
}

describe('crossSiteProblem', () => {
  it('lets safe methods through from anywhere', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(check(method, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).toBeUndefined();
  });

  it('refuses an unsafe request from another origin or site, or that says nothing of where it comes from', () => {
    expect(check('POST', { origin: 'https://evil.example', 'x-csrf-token': TOKEN })).toMatch(/Origin/);
    expect(check('DELETE', { 'sec-fetch-site': 'same-site', 'x-csrf-token': TOKEN })).toMatch(/same-site/);
    expect(check('PUT', { 'sec-fetch-site': 'none', 'x-csrf-token': TOKEN })).toMatch(/none/);
    expect(check('POST', { 'x-csrf-token': TOKEN })).toMatch(/no Origin/);
  });

  it('asks requests a form could send (or without a body) for the CSRF token, in the header or the _csrf field', () => {
    expect(check('POST', { origin: ORIGIN })).toMatch(/CSRF/);
    expect(check('POST', { origin: ORIGIN, 'content-type': 'text/plain' })).toMatch(/CSRF/);
    expect(check('POST', { origin: ORIGIN, 'x-csrf-token': 'wrong' })).toMatch(/CSRF/);
    expect(check('POST', { origin: ORIGIN, 'x-csrf-token': TOKEN })).toBeUndefined();
    expect(check('POST', { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, { _csrf: TOKEN })).toBeUndefined();
    expect(check('POST', { 'sec-fetch-site': 'same-origin', 'content-type': 'multipart/form-data; boundary=x' }, { _csrf: 'é'.repeat(43) })).toMatch(
      /CSRF/,
    );
  });

  it('takes a same-origin JSON request without the token: a cross-site page cannot send one without a preflight', () => {
    expect(check('POST', { origin: ORIGIN, 'content-type': 'application/json' })).toBeUndefined();
  });
});
