import { readFile } from 'node:fs/promises';
import type { SqlClient } from './sql-client.js';

/** The migration that creates the sessions table, shipped with the package (`nest-agent-auth/sql/001_agent_auth_sessions.sql`). */
export const SESSION_SCHEMA_FILE = new URL('../../sql/001_agent_auth_sessions.sql', import.meta.url);

/**
 * Creates the `agent_auth_sessions` table and its indexes if they do not exist (idempotent): run it at deploy time,
 * or apply the SQL file with your own migration tool.
 */
export async function migrateSessionStore(client: SqlClient): Promise<void> {
  await client.query(await readFile(SESSION_SCHEMA_FILE, 'utf8'));
}
