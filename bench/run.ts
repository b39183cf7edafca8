import { mkdirSync, writeFileSync } from 'node:fs';
import type { BenchPlatform, BenchServerConfig } from './app/bench-server.config.js';
import { BASELINE_MODE, type BenchMode } from './bench-modes.js';
import { benchRequest, describeRequest } from './bench-request.js';
import { readBenchSettings, type BenchSettings } from './bench-settings.js';
import { CLIENT_CPU, pinProcess, SERVER_CPU } from './cpu-pinning.js';
import { generateBenchKeys, hs256TokenPool, signHs256, signRs256, type BenchKeys } from './credentials.js';
import { runLoad, type LoadResult } from './load.js';
import { describeMachine, formatReport, resultKey, type ModeRuns } from './report.js';
import { shutDownAllServers, startServer, stopAllServers, type ServerProcess } from './server-process.js';
import { startRedisServer, type TestRedisServer } from '../test/support/redis-server.js';

/** Requests per second a per-request-token pool is sized for at least (twice the last measured rate if higher). */
const INITIAL_RATE_GUESS = 40_000;
/** Seconds allowed per run on top of its load (autocannon start-up, token generation, the pause between runs). */
const RUN_OVERHEAD_SECONDS = 3;
/** Seconds allowed to boot every server and to shut them down. */
const BOOT_BUDGET_SECONDS = 120;

/** A server of one (mode, platform) pair with the headers its requests carry. */
interface Target {
  readonly mode: BenchMode;
  readonly platform: BenchPlatform;
  readonly server: ServerProcess;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * `npm run bench`: starts one server process per (mode, platform) on 127.0.0.1, checks each answers as its mode
 * should, then loads them with autocannon from this process, interleaving the modes over several rounds (each round
 * starting one mode later), and prints median req/s, p99, the median per-round ratios to the same platform's
 * no-guard baseline and to the no-guard app sent the same requests, and server CPU per request.
 * Stops by itself: a deadline derived from the settings kills every server it started and exits.
 */
async function main(): Promise<number> {
  const settings = readBenchSettings(process.env);
  armDeadline(settings);
  const machine = describeMachine();
  if (settings.pin) pinProcess(process.pid, CLIENT_CPU);
  const keys = generateBenchKeys();
  log(`machine: ${machine}`);
  log(
    `settings: ${settings.rounds} rounds × ${settings.modes.length} modes × ${settings.platforms.join('+')}, ` +
      `${settings.seconds} s measured after ${settings.warmupSeconds} s warm-up, ${settings.connections} connections, ${[...new Set(settings.modes.map((mode) => describeRequest(benchRequest(mode))))].join(' and ')}, ` +
      (settings.pin ? `servers pinned to CPU ${SERVER_CPU}, load generator to CPU ${CLIENT_CPU}` : 'not pinned to CPUs'),
  );
  const results = new Map<string, ModeRuns>();
  const redis = settings.modes.some((mode) => mode.app === 'jwt-hs256-redis') ? await startRedisServer() : undefined;
  if (redis !== undefined) {
    log(`redis-server on ${redis.url} for the Redis modes`);
    process.on('exit', () => void redis.stop());
  }
  const targets = await startTargets(settings, keys, results, redis);
  const rates = new Map<string, number>();
  let invalid = 0;
  for (let round = 0; round < settings.rounds; round++) {
    for (const target of rotate(targets, round * settings.platforms.length)) {
      const key = resultKey(target.mode.id, target.platform);
      const result = await measure(target, settings, keys, round, rates.get(key));
      const problem = checkResult(target.mode, result, settings);
      if (problem !== undefined) invalid++;
      rates.set(key, result.requestsPerSecond);
      (results.get(key) as { runs: (LoadResult | undefined)[] }).runs[round] = problem === undefined ? result : undefined;
      log(
        `round ${round + 1}/${settings.rounds} ${key}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms, server ${result.serverMicrosPerRequest?.toFixed(0) ?? '?'} µs/req, client CPU ${Math.round(result.clientCpuPercent)}%` +
          (problem === undefined ? '' : `  INVALID: ${problem}`),
      );
    }
  }
  await shutDownAllServers();
  await redis?.stop();
  const report = formatReport(settings.modes, settings.platforms, results);
  const pinning = settings.pin ? `servers on CPU ${SERVER_CPU}, autocannon on CPU ${CLIENT_CPU}` : 'no CPU pinning';
  process.stdout.write(
    `\nMachine: ${machine}\n${settings.connections} connections, ${settings.rounds} rounds of ${settings.seconds} s, ${pinning}\n\n${report}\n`,
  );
  if (settings.jsonFile !== undefined) writeFileSync(settings.jsonFile, JSON.stringify(Object.fromEntries(results), null, 2));
  if (invalid > 0) log(`${invalid} run(s) were invalid (wrong statuses or errors) and left out of the medians`);
  return invalid > 0 ? 1 : 0;
}

/** Boots and checks every (mode, platform) server, one at a time; a pair that cannot boot is reported as skipped. */
async function startTargets(settings: BenchSettings, keys: BenchKeys, results: Map<string, ModeRuns>, redis?: TestRedisServer): Promise<Target[]> {
  if (settings.cpuProfileDir !== undefined) mkdirSync(settings.cpuProfileDir, { recursive: true });
  const launch = {
    execArgv: settings.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`],
    cpu: settings.pin ? SERVER_CPU : undefined,
  };
  const targets: Target[] = [];
  for (const mode of settings.modes) {
    for (const platform of settings.platforms) {
      const key = resultKey(mode.id, platform);
      const config: BenchServerConfig = {
        platform,
        app: mode.app,
        secret: keys.secret,
        publicKeyPem: keys.publicKeyPem,
        apiKey: keys.apiKey,
        graphql: mode.request === 'graphql',
        redisUrl: redis?.url,
      };
      try {
        const server = await startServer(config, launch);
        const target: Target = { mode, platform, server, headers: fixedHeaders(mode, keys) };
        await checkTarget(target, keys);
        targets.push(target);
        results.set(key, { runs: [] });
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error);
        results.set(key, { skipped: reason });
        log(`skipping ${key}: ${reason}`);
        if (mode.id === BASELINE_MODE) throw new Error(`the ${platform} baseline did not start: ${reason}`, { cause: error });
      }
    }
  }
  return targets;
}

/** The headers a mode sends on every request (per-request tokens are added by the load run). */
function fixedHeaders(mode: BenchMode, keys: BenchKeys): Record<string, string> {
  switch (mode.credential) {
    case 'hs256':
      return { authorization: `Bearer ${signHs256(keys.secret, 'bench-user', 'reused')}` };
    case 'rs256':
      return { authorization: `Bearer ${signRs256(keys.rsaPrivateKey, 'bench-user', 'reused')}` };
    case 'foreign-hs256':
      return { authorization: `Bearer ${signHs256(keys.foreignSecret, 'bench-user', 'foreign')}` };
    case 'api-key':
      return { 'x-api-key': keys.apiKey };
    default:
      return {};
  }
}

/** The secret a per-request-token mode signs its pool with (another one for tokens the server must refuse), or undefined. */
function poolSecret(mode: BenchMode, keys: BenchKeys): string | undefined {
  if (mode.credential === 'hs256-per-request') return keys.secret;
  return mode.credential === 'foreign-hs256-per-request' ? keys.foreignSecret : undefined;
}

/**
 * Checks a server answers its mode's credential with the expected status and, when guarded, refuses a request
 * without credentials (so a mode cannot silently measure an unguarded app).
 * @throws Error describing the first unexpected answer.
 */
async function checkTarget(target: Target, keys: BenchKeys): Promise<void> {
  const pooled = poolSecret(target.mode, keys);
  const headers = pooled === undefined ? target.headers : { authorization: `Bearer ${signHs256(pooled, 'bench-user', 'check')}` };
  const request = benchRequest(target.mode);
  const send = (credential: Readonly<Record<string, string>>) =>
    fetch(target.server.url + request.path, { method: request.method, body: request.body, headers: { ...request.headers, ...credential } });
  const withCredential = await send(headers);
  if (withCredential.status !== target.mode.expectedStatus) {
    throw new Error(
      `expected ${target.mode.expectedStatus} with the mode's credential, got ${withCredential.status}: ${await withCredential.text()}`,
    );
  }
  const anonymous = await send({});
  const expected = target.mode.app === 'none' || target.mode.app === 'noop-guard' ? 200 : 401;
  if (anonymous.status !== expected) throw new Error(`expected ${expected} without credentials, got ${anonymous.status}`);
}

/**
 * A warm-up run then a measured run; per-request-token modes get fresh tokens for each, never seen by the server.
 * Tokens are made and this process's garbage collected before the load starts, so neither happens while measuring.
 */
async function measure(target: Target, settings: BenchSettings, keys: BenchKeys, round: number, lastRate: number | undefined): Promise<LoadResult> {
  const secret = poolSecret(target.mode, keys);
  const poolFor = (seconds: number, batch: string) => {
    if (secret === undefined || seconds === 0) return undefined;
    const size = Math.ceil(seconds * Math.max(INITIAL_RATE_GUESS, 2 * (lastRate ?? 0)) + settings.connections);
    return hs256TokenPool(secret, size, `${target.platform}-${round}-${batch}`);
  };
  const warmUpTokens = poolFor(settings.warmupSeconds, 'warm');
  const measuredTokens = poolFor(settings.seconds, 'measured');
  collectGarbage();
  const request = benchRequest(target.mode);
  const load = {
    url: target.server.url,
    method: request.method,
    path: request.path,
    body: request.body,
    connections: settings.connections,
    headers: { ...request.headers, ...target.headers },
    serverPid: target.server.pid,
  };
  if (settings.warmupSeconds > 0) await runLoad({ ...load, seconds: settings.warmupSeconds, tokenPerRequest: warmUpTokens });
  return runLoad({ ...load, seconds: settings.seconds, tokenPerRequest: measuredTokens });
}

/** The targets starting at `offset` (wrapping): each round starts one mode later, so no mode always follows the same one. */
function rotate<T>(items: readonly T[], offset: number): T[] {
  const start = offset % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

/**
 * A full garbage collection in this (load-generating) process before each run, so the garbage of the previous run
 * (a pool of 200,000 tokens, say) is not collected during the next one. Needs `--expose-gc` (set by `npm run bench`).
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Why a run cannot count (unexpected statuses, socket errors, re-used per-request tokens), or undefined. */
function checkResult(mode: BenchMode, result: LoadResult, settings: BenchSettings): string | undefined {
  if (result.tokensReused) return 'the token pool ran out, tokens were re-used';
  if (result.errors > 0 || result.timeouts > 0) return `${result.errors} errors, ${result.timeouts} timeouts`;
  const unexpected = Object.entries(result.statuses).filter(([status]) => Number(status) !== mode.expectedStatus);
  if (unexpected.length > 0) return `unexpected statuses ${JSON.stringify(Object.fromEntries(unexpected))}`;
  if (result.total < settings.connections) return `only ${result.total} responses`;
  return undefined;
}

/** Kills every server and exits if the run takes far longer than planned (a hung server, say). */
function armDeadline(settings: BenchSettings): void {
  const runs = settings.rounds * settings.modes.length * settings.platforms.length;
  const plannedSeconds = runs * (settings.seconds + settings.warmupSeconds + RUN_OVERHEAD_SECONDS) + BOOT_BUDGET_SECONDS;
  setTimeout(() => {
    log(`deadline of ${Math.round(plannedSeconds * 1.5)} s passed: stopping every server`);
    process.exit(2);
  }, plannedSeconds * 1500).unref();
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

process.on('exit', stopAllServers);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
