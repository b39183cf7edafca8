interface Entry<V> {
  readonly value: V;
  readonly expiresAt: number;
}

/**
 * A size-capped map whose entries expire: the oldest entry is dropped when full, an expired one when read.
 * Holds only what callers verified; memory stays bounded whatever the traffic.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly maxEntries: number) {}

  /** The live value for `key`, or undefined (an expired entry is removed). */
  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Stores `value` until `expiresAt` (epoch milliseconds), evicting the oldest entry when the cache is full. */
  set(key: string, value: V, expiresAt: number): void {
    if (this.maxEntries <= 0) return;
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, { value, expiresAt });
  }

  /** Removes the entry for `key` and returns its value when it was still live (a single-use read). */
  take(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    return entry.expiresAt > now ? entry.value : undefined;
  }

  /** Drops every entry. */
  clear(): void {
    this.entries.clear();
  }

  /** How many entries are held. */
  get size(): number {
    return this.entries.size;
  }
}
