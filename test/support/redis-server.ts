import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Debian's `redis-server` from the PATH (scripts/test-prerequisites.sh installs it when missing). */
const REDIS_SERVER = 'redis-server';

/** A private `redis-server` on 127.0.0.1, in a temp dir, without persistence. */
export interface TestRedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL, by PID): a crash, as clients see it. */
  kill(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open and nothing answers, as a server stuck or far away. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT). */
  resume(): void;
  /** Starts it again on the same port (empty: no persistence). */
  restart(): Promise<void>;
  /** Stops it (by PID) and removes its directory. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (redis-server cannot take port 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts connections on the port, or rejects after `timeoutMs`. */
async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const socket = new Socket();
    const open = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true)).once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    socket.destroy();
    if (open) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on port ${port} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Starts a private redis-server for one suite (stop it in `afterAll`). */
export async function startRedisServer(): Promise<TestRedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-auth-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const exited = () => child === undefined || child.exitCode !== null || child.signalCode !== null;
  const launch = async () => {
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      cwd: dir,
      stdio: 'ignore',
    });
    await waitForPort(port, 10_000);
  };
  const terminate = async (signal: NodeJS.Signals) => {
    if (child?.pid === undefined || exited()) return;
    const done = new Promise<void>((resolve) => child?.once('exit', () => resolve()));
    process.kill(child.pid, signal);
    await done;
  };
  const signal = (name: NodeJS.Signals) => {
    if (child?.pid !== undefined && !exited()) process.kill(child.pid, name);
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => terminate('SIGKILL'),
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    restart: launch,
    stop: async () => {
      signal('SIGCONT');
      await terminate('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
