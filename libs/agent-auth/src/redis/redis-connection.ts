import { Logger } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';

/** Defaults of {@link RedisConnectionOptions}. */
export const REDIS_DEFAULTS = { keyPrefix: 'agent-auth:', commandTimeoutMs: 200, connectTimeoutMs: 1000, maxReconnectDelayMs: 1000 } as const;

/** How the Redis stores reach Redis. */
export interface RedisConnectionOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`). Ignored when `client` is given. @default 'redis://127.0.0.1:6379' */
  readonly url?: string;
  /**
   * A client of your own (its own timeouts and queue apply: give it `commandTimeout` and `enableOfflineQueue: false`
   * for the guarantees below). The stores never close it; the pub/sub connection they open from it, they do.
   */
  readonly client?: Redis;
  /** Prefix of every key and of the pub/sub channel. @default 'agent-auth:' */
  readonly keyPrefix?: string;
  /** Longest a command may take before it fails (and the check fails open or closed, see each store). @default 200 */
  readonly commandTimeoutMs?: number;
}

/**
 * A client with bounded waits: every command times out after `commandTimeoutMs`; no offline queue (a command sent
 * while Redis is away fails at once instead of piling up); reconnection forever, at most a second apart, so the
 * stores recover without a restart when Redis returns. Subscriptions are renewed by their owner on `ready`, not
 * automatically (the revocation store must know when it listens again).
 */
export function createRedisClient(options: RedisConnectionOptions): Redis {
  const settings: RedisOptions = {
    commandTimeout: options.commandTimeoutMs ?? REDIS_DEFAULTS.commandTimeoutMs,
    connectTimeout: REDIS_DEFAULTS.connectTimeoutMs,
    enableOfflineQueue: false,
    autoResubscribe: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, REDIS_DEFAULTS.maxReconnectDelayMs),
  };
  return new Redis(options.url ?? 'redis://127.0.0.1:6379', settings);
}

/** Logs a connection's outages and recoveries once each (never its URL, which may hold a password). */
export function watchConnection(client: Redis, label: string): void {
  const logger = new Logger('AgentAuthModule');
  let down = false;
  client.on('error', (error: Error) => {
    if (!down) logger.error(`Redis (${label}) unreachable: ${error.message}`);
    down = true;
  });
  client.on('close', () => {
    if (!down) logger.warn(`Redis (${label}) connection lost; reconnecting`);
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.log(`Redis (${label}) connection back`);
    down = false;
  });
}

/** Resolves when the client is ready, or after `timeoutMs` (the stores then fail as configured until it is). */
export function whenReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', ready);
      resolve(false);
    }, timeoutMs);
    const ready = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', ready);
  });
}
