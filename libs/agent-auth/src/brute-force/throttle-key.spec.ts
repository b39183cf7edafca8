import { describe, expect, it } from '@jest/globals';
import { throttleKey } from './throttle-key.js';

describe('throttleKey', () => {
  it('keeps an IPv4 address, also written IPv4-mapped', () => {
    expect(throttleKey('203.0.113.7')).toBe('203.0.113.7');
    expect(throttleKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(throttleKey('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('groups an IPv6 address by its /64 prefix, however it is written', () => {
    const key = '2001:db8:1:2::/64';
    const sameSubscriber = [
      '2001:db8:1:2::a',
      '2001:0db8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:DB8:1:2:0:0:0:1',
      '2001:db8:1:2::1.2.3.4',
      '2001:db8:1:2::1%eth0',
    ];
    for (const address of sameSubscriber) expect(throttleKey(address)).toBe(key);
    expect(throttleKey('2001:db8:1:3::a')).toBe('2001:db8:1:3::/64');
    expect(throttleKey('::1')).toBe('0:0:0:0::/64');
    expect(throttleKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(throttleKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('keeps what is not an IP address', () => {
    expect(throttleKey('/run/app.sock')).toBe('/run/app.sock');
    expect(throttleKey('not:an:address')).toBe('not:an:address');
    expect(throttleKey('')).toBe('');
  });
});
