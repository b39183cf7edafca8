/** Fingerprint slots (a power of two): 64 KiB, allocated once. */
const SLOTS = 1 << 14;

/**
 * Cache admission on the second sighting (the "doorkeeper" of TinyLFU): remembers a 32-bit fingerprint of each
 * key it is shown, in a fixed table, and admits a key the second time it sees it. A client re-using a token has it
 * cached from its second request on, while a stream of tokens each seen once (a new token on every request) never
 * fills the cache with entries nobody reads again, whose allocation and garbage cost more than the cache saves.
 * A fingerprint collision only admits or defers a key early: a caching decision, never an authentication one.
 */
export class SecondSightingFilter {
  private readonly slots = new Int32Array(SLOTS);

  /** Whether `key` was shown before (then it may be cached); remembers it otherwise. */
  admit(key: string): boolean {
    const print = fingerprint(key);
    const slot = print & (SLOTS - 1);
    if (this.slots[slot] === print) return true;
    this.slots[slot] = print;
    return false;
  }
}

/** FNV-1a over the UTF-16 code units, never 0 (the empty slot). */
function fingerprint(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash | 0 || 1;
}
