import { isIPv6 } from 'node:net';

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The key a client address is throttled under: an IPv4 address as is (also when a dual-stack server reports it
 * IPv4-mapped, `::ffff:203.0.113.7`), an IPv6 address by its /64 prefix (`2001:db8:1:2::/64`): one subscriber, and
 * so one attacker, routinely holds a whole /64 and could otherwise rotate through 2^64 addresses, each with a fresh
 * budget of failures. Anything else (a unix socket path, a value a custom `getClientIp` returns) is kept as is.
 */
export function throttleKey(address: string): string {
  if (!address.includes(':')) return address;
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped !== null) return mapped[1];
  const withoutZone = address.split('%')[0];
  if (!isIPv6(withoutZone)) return address;
  return `${hextets(withoutZone)
    .slice(0, 4)
    .map((hextet) => hextet.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing dotted IPv4 part read as two groups). */
function hextets(address: string): number[] {
  const [head, tail] = address.split('::');
  const left = groups(head);
  if (tail === undefined) return left;
  const right = groups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function groups(part: string): number[] {
  if (part === '') return [];
  return part.split(':').flatMap((group) => {
    if (!group.includes('.')) return [parseInt(group, 16)];
    const [a, b, c, d] = group.split('.').map(Number);
    return [(a << 8) | b, (c << 8) | d];
  });
}
