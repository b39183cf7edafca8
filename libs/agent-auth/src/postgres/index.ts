/** `nest-agent-auth/postgres`: browser sessions kept in PostgreSQL (give it a `pg` Pool). */
export { PostgresSessionStore } from './postgres-session.store.js';
export { migrateSessionStore, SESSION_SCHEMA_FILE } from './session-schema.js';
export type { SqlClient } from './sql-client.js';
