import { describe, expect, it } from '@jest/globals';
import { API_KEY_HASH_PATTERN, generateApiKey, hashApiKey, hashDigest, isWellFormedApiKey, MAX_API_KEY_LENGTH } from './api-key-material.js';

describe('API key material', () => {
  it('generates distinct 46-character base64url keys with the ak_ prefix', () => {
    const keys = new Set(Array.from({ length: 50 }, generateApiKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^ak_[A-Za-z0-9_-]{43}$/);
  });

  it('hashes a key as sha256:<lowercase hex> (RFC 6234 test vector)', () => {
    expect(hashApiKey('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashApiKey(generateApiKey())).toMatch(API_KEY_HASH_PATTERN);
  });

  it('hashes UTF-8, so keys that differ only in encoding differ', () => {
    expect(hashApiKey('\u00e9')).not.toBe(hashApiKey('e\u0301'));
  });

  it('reads the 32-byte digest of a hash, whatever the hex case', () => {
    const hash = hashApiKey('abc');
    expect(hashDigest(hash).toString('hex')).toBe(hash.slice(7));
    expect(hashDigest(hash.toUpperCase().replace('SHA256', 'sha256')).equals(hashDigest(hash))).toBe(true);
  });

  it.each([
    ['a generated key', generateApiKey(), true],
    ['RegExp metacharacters', '^(a+)+$.*[x]{2}|\\?', true],
    ['the longest key', 'k'.repeat(MAX_API_KEY_LENGTH), true],
    ['an empty value', '', false],
    ['one character too long', 'k'.repeat(MAX_API_KEY_LENGTH + 1), false],
    ['a space inside', 'abc def', false],
    ['a tab', 'abc\tdef', false],
    ['a comma (two joined headers)', 'k1,k2', false],
    ['two headers joined by Node', 'k1, k2', false],
    ['a control character', 'abc\u0000', false],
    ['DEL', 'abc\u007f', false],
    ['a non-ASCII character', 'abc\u00e9', false],
  ])('tells whether %s is a well-formed key', (_name, value, expected) => {
    expect(isWellFormedApiKey(value as string)).toBe(expected);
  });
});
