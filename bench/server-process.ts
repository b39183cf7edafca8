import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BENCH_SERVER_ENV, type BenchServerConfig } from './app/bench-server.config.js';
import type { BenchServerMessage } from './app/bench-server.js';

const SERVER_ENTRY = fileURLToPath(new URL('./app/bench-server.js', import.meta.url));
/** Longest a server may take to boot. */
const BOOT_TIMEOUT_MS = 30_000;

/** A benchmarked app running in its own process on 127.0.0.1. */
export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
}

const started = new Set<ChildProcess>();

/** How to start a server process. */
export interface ServerLaunch {
  /** Extra Node flags (e.g. `--cpu-prof`). */
  readonly execArgv?: readonly string[];
  /** The core to pin it to (through `taskset`, which then becomes Node: same PID). */
  readonly cpu?: number;
}

/**
 * Starts one app (compiled JS) in a Node process with an IPC channel and its config in the environment, and
 * resolves once it listens.
 * @throws Error with the server's own message when it fails to boot (e.g. an option the library does not know).
 */
export function startServer(config: BenchServerConfig, launch: ServerLaunch = {}): Promise<ServerProcess> {
  const node = [...(launch.execArgv ?? []), SERVER_ENTRY];
  const [command, args] = launch.cpu === undefined ? [process.execPath, node] : ['taskset', ['-c', String(launch.cpu), process.execPath, ...node]];
  const child = spawn(command, args, {
    env: { ...process.env, NODE_ENV: 'production', [BENCH_SERVER_ENV]: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  started.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      stopServer(child.pid);
      reject(new Error(reason));
    };
    const timer = setTimeout(() => fail(`server did not listen within ${BOOT_TIMEOUT_MS} ms`), BOOT_TIMEOUT_MS);
    child.once('message', (message: BenchServerMessage) => {
      if ('error' in message) return fail(message.error);
      clearTimeout(timer);
      resolve({ pid: child.pid as number, url: `http://127.0.0.1:${message.port}` });
    });
    child.once('exit', (code) => fail(`server exited (code ${code}) before listening${stderr ? `: ${lastLine(stderr)}` : ''}`));
  });
}

/** Kills one server this process started, by PID, at once. */
export function stopServer(pid: number | undefined): void {
  for (const child of started) {
    if (child.pid !== pid) continue;
    started.delete(child);
    if (isRunning(child)) child.kill('SIGKILL');
  }
}

/** Kills every server this process started (each by its PID) at once; safe to call from an `exit` handler. */
export function stopAllServers(): void {
  for (const child of [...started]) stopServer(child.pid);
}

/**
 * Asks every server this process started to exit (SIGTERM to its PID, so a `--cpu-prof` profile gets written),
 * and kills those still running after `graceMs`.
 */
export async function shutDownAllServers(graceMs = 5_000): Promise<void> {
  const running = [...started].filter(isRunning);
  const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(exited), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  stopAllServers();
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
