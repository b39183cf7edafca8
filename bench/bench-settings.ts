import { BENCH_MODES, BASELINE_MODE, type BenchMode } from './bench-modes.js';
import type { BenchPlatform } from './app/bench-server.config.js';
import { canPinCpus } from './cpu-pinning.js';

/** How long and how hard one benchmark run loads each server; every knob is an environment variable. */
export interface BenchSettings {
  /** BENCH_DURATION: seconds measured per (mode, platform, round). @default 5 */
  readonly seconds: number;
  /** BENCH_WARMUP: seconds of unmeasured load before each measured run. @default 1 */
  readonly warmupSeconds: number;
  /** BENCH_ROUNDS: how many times every mode is run, interleaved. @default 3 */
  readonly rounds: number;
  /** BENCH_CONNECTIONS: concurrent keep-alive connections. @default 50 */
  readonly connections: number;
  /** BENCH_PLATFORMS: comma-separated. @default express,fastify */
  readonly platforms: readonly BenchPlatform[];
  /** BENCH_MODES: comma-separated mode ids (the baselines they are compared with are added). @default every mode */
  readonly modes: readonly BenchMode[];
  /** BENCH_PIN: `auto` pins servers to core 0 and the load generator to core 1 where `taskset` allows; `off` does not. */
  readonly pin: boolean;
  /** BENCH_JSON: a file to write every raw measurement to. */
  readonly jsonFile?: string;
  /** BENCH_CPU_PROF: a directory; each server writes a V8 CPU profile there when it stops (`node --cpu-prof`). */
  readonly cpuProfileDir?: string;
}

const PLATFORMS: readonly BenchPlatform[] = ['express', 'fastify'];

/**
 * Reads the settings from the environment.
 * @throws Error naming the variable when a value is out of range or unknown.
 */
export function readBenchSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const platforms = list(env.BENCH_PLATFORMS, PLATFORMS, 'BENCH_PLATFORMS') as BenchPlatform[];
  const modeIds = list(
    env.BENCH_MODES,
    BENCH_MODES.map((mode) => mode.id),
    'BENCH_MODES',
  );
  return {
    seconds: integer(env.BENCH_DURATION, 5, 1, 600, 'BENCH_DURATION'),
    warmupSeconds: integer(env.BENCH_WARMUP, 1, 0, 60, 'BENCH_WARMUP'),
    rounds: integer(env.BENCH_ROUNDS, 3, 1, 50, 'BENCH_ROUNDS'),
    connections: integer(env.BENCH_CONNECTIONS, 50, 1, 1000, 'BENCH_CONNECTIONS'),
    platforms,
    modes: withBaselines(modeIds),
    pin: choice(env.BENCH_PIN, ['auto', 'off'], 'BENCH_PIN') === 'auto' && canPinCpus(),
    jsonFile: env.BENCH_JSON || undefined,
    cpuProfileDir: env.BENCH_CPU_PROF || undefined,
  };
}

/** The chosen modes, the bare baseline and the same-request baseline of each, in {@link BENCH_MODES} order. */
function withBaselines(modeIds: readonly string[]): BenchMode[] {
  const chosen = BENCH_MODES.filter((mode) => modeIds.includes(mode.id));
  const needed = new Set([BASELINE_MODE, ...modeIds, ...chosen.flatMap((mode) => mode.sameRequests ?? [])]);
  return BENCH_MODES.filter((mode) => needed.has(mode.id));
}

function integer(raw: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

function choice(raw: string | undefined, known: readonly string[], name: string): string {
  if (raw === undefined || raw === '') return known[0];
  if (!known.includes(raw)) throw new Error(`${name} must be one of ${known.join(', ')}`);
  return raw;
}

function list(raw: string | undefined, known: readonly string[], name: string): string[] {
  if (raw === undefined || raw === '') return [...known];
  const values = raw
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  const unknown = values.filter((value) => !known.includes(value));
  if (unknown.length > 0) throw new Error(`${name}: unknown ${unknown.join(', ')} (known: ${known.join(', ')})`);
  return values;
}
