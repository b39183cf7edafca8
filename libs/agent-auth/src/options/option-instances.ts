/** Copies a plain options object onto a new instance of its decorated class, so class-validator can check it. */
export function instantiate<T extends object>(type: new () => T, value: unknown): T {
  return Object.assign(new type(), isObject(value) ? value : {});
}

/** A plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
