-- nest-agent-auth: the table of PostgresSessionStore (browser sessions). Safe to run again.
-- Times are epoch milliseconds; "key" is the SHA-256 digest of the session cookie, never the cookie itself.
CREATE TABLE IF NOT EXISTS agent_auth_sessions (
  key text PRIMARY KEY,
  user_id text NOT NULL,
  auth jsonb NOT NULL,
  csrf_token text NOT NULL,
  tokens jsonb,
  created_at bigint NOT NULL,
  last_seen_at bigint NOT NULL,
  expires_at bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS agent_auth_sessions_user_id ON agent_auth_sessions (user_id);
CREATE INDEX IF NOT EXISTS agent_auth_sessions_expires_at ON agent_auth_sessions (expires_at);
