import { describe, expect, it } from '@jest/globals';
import { clearedCookie, readCookie, sendsCookie, setCookie } from './session-cookie.js';
import type { SessionSettings } from './session-settings.js';

const SECURE = { secure: true } as SessionSettings;
const VALUE = 'v'.repeat(43);

describe('session cookies', () => {
  it('reads only a well-formed opaque value of the named cookie', () => {
    expect(readCookie({ cookie: `a=1; __Host-s=${VALUE}; b=2` }, '__Host-s')).toBe(VALUE);
    expect(readCookie({ cookie: `x__Host-s=${VALUE}` }, '__Host-s')).toBeUndefined();
    expect(readCookie({ cookie: '__Host-s=short' }, '__Host-s')).toBeUndefined();
    expect(sendsCookie({ cookie: '__Host-s=short' }, '__Host-s')).toBe(true);
    expect(readCookie({}, '__Host-s')).toBeUndefined();
  });

  it('sets HttpOnly, SameSite=Lax, Path=/ cookies, Secure when the settings say so, and clears them', () => {
    expect(setCookie(SECURE, '__Host-s', VALUE, 60)).toBe(`__Host-s=${VALUE}; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure`);
    expect(setCookie({ secure: false } as SessionSettings, 's', VALUE, 60)).not.toContain('Secure');
    expect(clearedCookie(SECURE, '__Host-s')).toBe(
      '__Host-s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    );
  });
});
