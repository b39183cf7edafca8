const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };
const DURATION = /^(\d+)([smhd])?$/;

/**
 * Seconds in a duration given as a number of seconds or a string such as `'90'`, `'15m'`, `'1h'`, `'7d'`.
 * @returns undefined when the string is not a duration.
 */
export function durationSeconds(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = DURATION.exec(value.trim());
  return match ? Number(match[1]) * UNIT_SECONDS[match[2] ?? 's'] : undefined;
}
