export { connectRedisStores, type RedisStores } from './redis-stores.js';
export { createRedisClient, REDIS_DEFAULTS, type RedisConnectionOptions } from './redis-connection.js';
export { RedisFailureStore } from './redis-failure.store.js';
export { RedisTicketStore } from './redis-ticket.store.js';
export { RedisRevocationStore } from './redis-revocation.store.js';
