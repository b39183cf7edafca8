/**
 * Whether a redirect target is a path on this origin: `/x`, never `//host`, `/\host`, a scheme or a control
 * character (browsers read `//evil.example` and `/\evil.example` as another host), at most 2048 characters.
 */
export function isSameOriginPath(value: string): boolean {
  if (!value.startsWith('/') || value.startsWith('//') || value.length > 2048) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x1f || code === 0x7f || code === 0x5c) return false;
  }
  return true;
}
