/** Epoch milliseconds of a Date or a date string (ISO 8601), or undefined when it is not a valid point in time. */
export function instantMs(value: unknown): number | undefined {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' && value !== '' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}
