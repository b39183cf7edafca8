import type { Redis } from 'ioredis';
import type { Revocation, RevocationQuery, RevocationStore } from '../revocation/revocation-store.interface.js';
import { watchConnection } from './redis-connection.js';

/**
 * Records a revocation and tells every instance, atomically: the key keeps the larger of its value and ARGV[1]
 * (a later logout instant wins), expiring at ARGV[2] when given, then a message goes to the channel.
 * KEYS: revocation key, channel.
 */
const REVOKE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if tonumber(ARGV[1]) > current then
  if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2]) else redis.call('SET', KEYS[1], ARGV[1]) end
end
return redis.call('PUBLISH', KEYS[2], 'revoked')`;

/** Wait before subscribing again after a SUBSCRIBE that failed on a live connection. */
const RESUBSCRIBE_DELAY_MS = 100;
const NOT_LISTENING = 'revocations of other instances are not being received (pub/sub connection down)';

/**
 * A {@link RevocationStore} on Redis, shared by every instance: a revoked `jti` is a key expiring with its token
 * (PXAT), a logged-out subject a key holding the instant, a revoked API key a key; each revocation is published, and
 * every instance's listener drops its caches of verified credentials (so a revocation is honoured everywhere within
 * the pub/sub delay, milliseconds). A check is one MGET/GET, asked once per credential verification, never for a
 * cached credential. While the pub/sub connection is down, checks fail (503 `auth_unavailable`): a cache that cannot
 * hear of revocations must not be filled.
 */
export class RedisRevocationStore implements RevocationStore {
  private readonly listeners: (() => void)[] = [];
  private readonly channel: string;
  private listening = false;

  /**
   * @param subscriber a connection of its own for pub/sub (subscribed on every `ready`, so also after a reconnect);
   * closed by {@link close}.
   */
  constructor(
    private readonly client: Redis,
    private readonly subscriber: Redis,
    private readonly keyPrefix: string,
  ) {
    this.channel = `${keyPrefix}revocations`;
    watchConnection(subscriber, 'revocation pub/sub');
    subscriber.on('message', (channel: string) => {
      if (channel === this.channel) this.notify();
    });
    subscriber.on('ready', () => void this.listen());
    subscriber.on('close', () => {
      if (!this.listening) return;
      this.listening = false;
      this.notify();
    });
    if (subscriber.status === 'ready') void this.listen();
  }

  /** Whether revocations of other instances are being received. */
  get isListening(): boolean {
    return this.listening;
  }

  /** Resolves true once revocations are being received, false after `timeoutMs`. */
  whenListening(timeoutMs: number): Promise<boolean> {
    if (this.listening) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.listening), timeoutMs);
      this.subscribe(() => {
        if (!this.listening) return;
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Records a revocation and publishes it (one script run). */
  async revoke(revocation: Revocation): Promise<void> {
    const [key, value, expiresAt] =
      revocation.kind === 'token'
        ? [this.key('jti', revocation.jti), revocation.expiresAt, revocation.expiresAt]
        : revocation.kind === 'subject'
          ? [this.key('subject', revocation.subject), revocation.before, '']
          : [this.key('api-key', revocation.id), 1, ''];
    if (revocation.kind === 'token' && revocation.expiresAt <= Date.now()) return;
    await this.client.eval(REVOKE, 2, key, this.channel, value, expiresAt);
  }

  /** One MGET (a JWT's `jti` and subject) or GET (a JWT without `jti`: its subject; an API key). */
  async isRevoked(query: RevocationQuery): Promise<boolean> {
    if (!this.listening) throw new Error(NOT_LISTENING);
    if (query.kind === 'api-key') return (await this.client.get(this.key('api-key', query.id))) !== null;
    const subjectKey = this.key('subject', query.subject);
    const [jti, before] =
      query.jti === undefined ? [null, await this.client.get(subjectKey)] : await this.client.mget(this.key('jti', query.jti), subjectKey);
    if (jti !== null) return true;
    return before !== null && (query.issuedAt === undefined || query.issuedAt < Number(before));
  }

  /** Calls `listener` at every revocation published by any instance, and when the pub/sub connection drops or returns. */
  subscribe(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Closes the pub/sub connection. */
  async close(): Promise<void> {
    this.listening = false;
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private async listen(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
    } catch {
      // timed out (a busy event loop) or the connection dropped: retry while connected; a new `ready` retries too
      if (this.subscriber.status === 'ready') setTimeout(() => void this.listen(), RESUBSCRIBE_DELAY_MS).unref();
      return;
    }
    this.listening = true;
    this.notify(); // revocations published while not listening were missed
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private key(kind: 'jti' | 'subject' | 'api-key', id: string): string {
    return `${this.keyPrefix}revoked:${kind}:${id}`;
  }
}
