import { describe, expect, it } from '@jest/globals';
import { decodeHex } from './hex.js';

describe('decodeHex', () => {
  it('decodes exactly the given number of bytes, in either case', () => {
    expect(decodeHex('00ff', 2)).toEqual(Buffer.from([0, 255]));
    expect(decodeHex('00FF', 2)).toEqual(Buffer.from([0, 255]));
  });

  it.each([['00f'], ['00ff00'], ['0g00'], ['00zz'], [' 0ff'], ['']])('refuses %j for two bytes', (value) => {
    expect(decodeHex(value, 2)).toBeUndefined();
  });

  it('refuses values that are not strings', () => {
    expect(decodeHex(['00ff'], 2)).toBeUndefined();
    expect(decodeHex(undefined, 2)).toBeUndefined();
  });
});
