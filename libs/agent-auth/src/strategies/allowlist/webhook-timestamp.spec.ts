import { describe, expect, it } from '@jest/globals';
import { isFreshTimestamp, REPLAY_WINDOW_SECONDS } from './webhook-timestamp.js';

const now = 1_700_000_000_000;

describe('isFreshTimestamp', () => {
  it('accepts Unix seconds within the window either way', () => {
    expect(isFreshTimestamp('1700000000', now)).toBe(true);
    expect(isFreshTimestamp(String(1_700_000_000 - REPLAY_WINDOW_SECONDS), now)).toBe(true);
    expect(isFreshTimestamp(String(1_700_000_000 + REPLAY_WINDOW_SECONDS), now)).toBe(true);
  });

  it.each([
    ['one second too old', String(1_700_000_000 - REPLAY_WINDOW_SECONDS - 1)],
    ['one second too new', String(1_700_000_000 + REPLAY_WINDOW_SECONDS + 1)],
    ['milliseconds', '1700000000000'],
    ['a fraction', '1700000000.0'],
    ['a sign', '+1700000000'],
    ['an exponent', '1.7e9'],
    ['spaces', ' 1700000000'],
    ['empty', ''],
    ['absent', undefined],
    ['a list', ['1700000000']],
  ])('refuses %s', (_name, header) => {
    expect(isFreshTimestamp(header, now)).toBe(false);
  });
});
