import { describe, expect, it } from '@jest/globals';
import { isSameOriginPath } from './same-origin-path.js';

describe('isSameOriginPath', () => {
  it('accepts paths of this app, with a query', () => {
    for (const path of ['/', '/chat', '/agents?tab=1', '/a/b#c']) expect(isSameOriginPath(path)).toBe(true);
  });

  it('refuses what a browser would send to another host', () => {
    for (const target of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      'chat',
      '/\tevil',
      '/x\r\nSet-Cookie: a=b',
      '',
    ]) {
      expect(isSameOriginPath(target)).toBe(false);
    }
    expect(isSameOriginPath(`/${'a'.repeat(2048)}`)).toBe(false);
  });
});
