import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

/** Where Debian's postgresql packages put each major version's programs. */
const DEBIAN_POSTGRES = '/usr/lib/postgresql';
/** The user a cluster runs as when the tests run as root (initdb and postgres refuse root). */
const UNPRIVILEGED_USER = 'nobody';

/** A private PostgreSQL cluster on 127.0.0.1 for one test file. */
export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, on loopback only). */
  readonly connectionString: string;
  /**
   * Waits (up to 5 s) for the sessions of ended pools to close, then stops the server by its PID (fast shutdown)
   * and removes its data directory.
   */
  stop(): Promise<void>;
}

/** The bin directory of the newest PostgreSQL installed (Debian layout), or the one of `initdb` on PATH. */
export function postgresBin(): string {
  const versions = existsSync(DEBIAN_POSTGRES)
    ? readdirSync(DEBIAN_POSTGRES)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(DEBIAN_POSTGRES, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return join(DEBIAN_POSTGRES, versions[0], 'bin');
  const found = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (found === '') throw new Error('PostgreSQL is not installed: run scripts/test-prerequisites.sh (apt-get install postgresql)');
  return found.slice(0, found.lastIndexOf('/'));
}

/**
 * Starts a throwaway cluster: `initdb` into a temp dir, then `postgres` on a free port on 127.0.0.1 with its unix
 * socket in that dir, fsync off. As root, both run as `nobody` (spawned with its uid and gid, the dir chowned to it).
 */
export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'agent-auth-pg-'));
  const data = join(dir, 'data');
  const owner = process.getuid?.() === 0 ? unprivilegedIds() : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const initdb = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], {
    encoding: 'utf8',
    ...owner,
  });
  if (initdb.status !== 0) throw new Error(`initdb failed: ${initdb.stderr}`);
  const port = await freePort();
  const server = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
    { stdio: ['ignore', 'ignore', 'pipe'], ...owner },
  );
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const connectionString = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await untilAccepting(connectionString, server);
  } catch (error) {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`postgres did not start: ${(error as Error).message}\n${log}`, { cause: error });
  }
  return {
    connectionString,
    stop: async () => {
      await untilNoOtherSessions(connectionString);
      await stopServer(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function unprivilegedIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, UNPRIVILEGED_USER], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function untilAccepting(connectionString: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`exited with ${server.exitCode}`);
    const client = new pg.Client({ connectionString });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * `pool.end()` resolves before its clients' sessions have closed; stopping the server in between makes it terminate
 * them, and a pool emits that as an unhandled `error`. Polls `pg_stat_activity` until only this check's session is left.
 */
async function untilNoOtherSessions(connectionString: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query(
        "SELECT count(*)::int AS others FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
      );
      if (rows[0].others === 0 || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}

/** SIGINT is PostgreSQL's fast shutdown: it ends sessions and exits; waits for the PID to exit. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  process.kill(server.pid as number, 'SIGINT');
  await exited;
}
