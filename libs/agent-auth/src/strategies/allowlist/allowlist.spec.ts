import { describe, expect, it } from '@jest/globals';
import { Allowlist } from './allowlist.js';

describe('Allowlist', () => {
  it('with userIds only, admits listed users in any chat', () => {
    const list = new Allowlist(['123'], undefined);
    expect(list.admits({ userId: '123', chatId: '9' })).toBe(true);
    expect(list.admits({ userId: '123' })).toBe(true);
    expect(list.admits({ chatId: '123' })).toBe(false);
  });

  it('with chatIds only, admits anyone in a listed chat', () => {
    const list = new Allowlist(undefined, ['-100']);
    expect(list.admits({ userId: '5', chatId: '-100' })).toBe(true);
    expect(list.admits({ chatId: '-100' })).toBe(true);
    expect(list.admits({ userId: '-100' })).toBe(false);
  });

  it('with both lists, needs both to match', () => {
    const list = new Allowlist(['123'], ['-100']);
    expect(list.admits({ userId: '123', chatId: '-100' })).toBe(true);
    expect(list.admits({ userId: '123', chatId: '-101' })).toBe(false);
    expect(list.admits({ userId: '124', chatId: '-100' })).toBe(false);
    expect(list.admits({ userId: '123' })).toBe(false);
  });

  it('compares ids as exact strings', () => {
    const list = new Allowlist(['123'], undefined);
    for (const userId of ['0123', '123 ', ' 123', '1230', '12', '123.0', '1.23e2', '+123', '١٢٣']) {
      expect(list.admits({ userId })).toBe(false);
    }
  });

  it('admits nobody without a list', () => {
    expect(new Allowlist(undefined, undefined).admits({ userId: '1', chatId: '1' })).toBe(false);
  });
});
