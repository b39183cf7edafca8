import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedisClient, REDIS_DEFAULTS, watchConnection, whenReady, type RedisConnectionOptions } from './redis-connection.js';
import { RedisFailureStore } from './redis-failure.store.js';
import { RedisRevocationStore } from './redis-revocation.store.js';
import { RedisTicketStore } from './redis-ticket.store.js';

/** How long {@link connectRedisStores} waits for Redis before letting the app boot without it. */
const CONNECT_WAIT_MS = 3000;

/** The three Redis stores over one connection (plus one for pub/sub), and how to close them. */
export interface RedisStores {
  /** For `bruteForce.store`. */
  readonly failures: RedisFailureStore;
  /** For `streaming.ticketStore`. */
  readonly tickets: RedisTicketStore;
  /** For `revocation.store`. */
  readonly revocations: RedisRevocationStore;
  /** The command connection. */
  readonly client: Redis;
  /** Closes the connections the stores opened (not a `client` you gave). */
  close(): Promise<void>;
}

/**
 * Connects the Redis stores, waiting for Redis up to a few seconds: when it is not there yet, the app still boots,
 * tickets and revocation checks answer 503 until it is, and the stores recover by themselves when it comes.
 * @example
 * const redis = await connectRedisStores({ url: process.env.REDIS_URL });
 * AgentAuthModule.forRoot({ jwt, bruteForce: { store: redis.failures }, streaming: { ticketStore: redis.tickets },
 *   revocation: { store: redis.revocations } })
 */
export async function connectRedisStores(options: RedisConnectionOptions = {}): Promise<RedisStores> {
  const keyPrefix = options.keyPrefix ?? REDIS_DEFAULTS.keyPrefix;
  const owned = options.client === undefined;
  const client = options.client ?? createRedisClient(options);
  if (owned) watchConnection(client, 'stores');
  const subscriber = owned ? createRedisClient(options) : client.duplicate({ autoResubscribe: false });
  const revocations = new RedisRevocationStore(client, subscriber, keyPrefix);
  const ready = await Promise.all([whenReady(client, CONNECT_WAIT_MS), revocations.whenListening(CONNECT_WAIT_MS)]);
  if (!ready.every(Boolean)) new Logger('AgentAuthModule').warn('Redis is not reachable yet: tickets and revocation checks answer 503 until it is');
  return {
    failures: new RedisFailureStore(client, keyPrefix),
    tickets: new RedisTicketStore(client, keyPrefix),
    revocations,
    client,
    close: async () => {
      await revocations.close();
      if (owned) await client.quit().catch(() => client.disconnect());
    },
  };
}
