/**
 * Whether a redirect target is a path on this origin: `/x`, never `//host`, `/\host`, a scheme or a control
 * character (browsers read `//evil.example` and `/\evil.example` as another host), at most 2048 characters.
 */
export function isSameOriginPath(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !/[\\\x00-\x1f\x7f]/.test(value) && value.length <= 2048;
}
