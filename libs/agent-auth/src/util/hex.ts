/**
 * Decodes a hex string of exactly `bytes` bytes (either case).
 * @returns undefined when the value is not a string of `2 × bytes` hex digits.
 */
export function decodeHex(value: unknown, bytes: number): Buffer | undefined {
  if (typeof value !== 'string' || value.length !== bytes * 2) return undefined;
  const decoded = Buffer.from(value, 'hex');
  return decoded.length === bytes ? decoded : undefined;
}
