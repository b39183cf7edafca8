import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { BASELINE_MODE, MIN_SPEEDUP_OVER_RECIPE, RECIPE_MODE, type BenchMode } from './bench-modes.js';
import type { LoadResult } from './load.js';

/** Every measured run of one (mode, platform), one per round, or why the pair was skipped. */
export type ModeRuns = { readonly runs: (LoadResult | undefined)[] } | { readonly skipped: string };

/** The median of some numbers (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median over rounds of `runs[r] / reference[r]`, using only rounds where both were measured. */
export function medianRatio(runs: ModeRuns | undefined, reference: ModeRuns | undefined): number {
  if (runs === undefined || reference === undefined || 'skipped' in runs || 'skipped' in reference) return Number.NaN;
  const ratios: number[] = [];
  runs.runs.forEach((run, round) => {
    const base = reference.runs[round];
    if (run !== undefined && base !== undefined && base.requestsPerSecond > 0) ratios.push(run.requestsPerSecond / base.requestsPerSecond);
  });
  return median(ratios);
}

/** One line describing the machine: cores, CPU model, memory, Node version, load average (call it before pinning). */
export function describeMachine(): string {
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load}`;
}

/**
 * The results as a Markdown table, one row per mode and a column group per platform: median req/s, median p99, the
 * median of per-round ratios to the bare no-guard baseline and to the no-guard app sent the same requests, and the
 * median server CPU per request; then each DESIGN §5 target checked.
 */
export function formatReport(modes: readonly BenchMode[], platforms: readonly string[], results: ReadonlyMap<string, ModeRuns>): string {
  const lines: string[] = [];
  const header = [
    'mode',
    ...platforms.flatMap((p) => [`${p} req/s`, `${p} p99 ms`, `${p} × no guard`, `${p} × same requests`, `${p} server µs/req`]),
  ];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const mode of modes) {
    const cells = platforms.flatMap((platform) => {
      const runs = results.get(resultKey(mode.id, platform));
      if (runs === undefined) return ['–', '–', '–', '–', '–'];
      if ('skipped' in runs) return ['skipped', '–', '–', '–', '–'];
      const measured = runs.runs.filter((run) => run !== undefined);
      const cpu = measured.flatMap((run) => (run.serverMicrosPerRequest === undefined ? [] : [run.serverMicrosPerRequest]));
      return [
        Math.round(median(measured.map((run) => run.requestsPerSecond))).toString(),
        median(measured.map((run) => run.p99Ms)).toFixed(0),
        ratio(medianRatio(runs, results.get(resultKey(BASELINE_MODE, platform)))),
        mode.sameRequests === undefined ? '–' : ratio(medianRatio(runs, results.get(resultKey(mode.sameRequests, platform)))),
        cpu.length === 0 ? '–' : median(cpu).toFixed(0),
      ];
    });
    lines.push(`| ${[mode.label, ...cells].join(' | ')} |`);
  }
  const skipped = [...results.entries()].filter((entry): entry is [string, { skipped: string }] => 'skipped' in entry[1]);
  for (const [key, { skipped: reason }] of skipped) lines.push('', `skipped ${key}: ${reason}`);
  lines.push('', 'Targets (DESIGN §5):', ...targetLines(modes, platforms, results));
  return lines.join('\n');
}

/** The key of one (mode, platform) pair in a results map. */
export function resultKey(mode: string, platform: string): string {
  return `${mode}@${platform}`;
}

function targetLines(modes: readonly BenchMode[], platforms: readonly string[], results: ReadonlyMap<string, ModeRuns>): string[] {
  const lines: string[] = [];
  for (const platform of platforms) {
    const bare = results.get(resultKey(BASELINE_MODE, platform));
    for (const mode of modes) {
      if (mode.minRatio === undefined || mode.sameRequests === undefined) continue;
      const runs = results.get(resultKey(mode.id, platform));
      const value = medianRatio(runs, results.get(resultKey(mode.sameRequests, platform)));
      lines.push(
        `  ${verdict(value, mode.minRatio)} ${platform} ${mode.label}: ${ratio(value)} the same requests without guard ` +
          `(target ≥ ${mode.minRatio}; ${ratio(medianRatio(runs, bare))} a bare request)`,
      );
    }
    const minSpeedup = MIN_SPEEDUP_OVER_RECIPE[platform];
    const speedup = medianRatio(results.get(resultKey('hs256', platform)), results.get(resultKey(RECIPE_MODE, platform)));
    if (minSpeedup !== undefined)
      lines.push(`  ${verdict(speedup, minSpeedup)} ${platform} HS256 re-used vs docs recipe: ${ratio(speedup)} (target ≥ ${minSpeedup})`);
  }
  return lines;
}

function verdict(value: number, floor: number): string {
  if (Number.isNaN(value)) return 'n/a ';
  return value >= floor ? 'MET ' : 'MISS';
}

function ratio(value: number): string {
  return Number.isNaN(value) ? '–' : `${value.toFixed(2)} ×`;
}
