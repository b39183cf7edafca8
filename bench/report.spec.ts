import { describe, expect, it } from '@jest/globals';
import { readBenchSettings } from './bench-settings.js';
import type { LoadResult } from './load.js';
import { formatReport, medianRatio, resultKey, type ModeRuns } from './report.js';

/** A measured run at `rate` req/s (the other fields do not enter the ratios). */
const run = (rate: number): LoadResult => ({
  requestsPerSecond: rate,
  p99Ms: 5,
  total: rate * 5,
  statuses: { 200: rate * 5 },
  errors: 0,
  timeouts: 0,
  serverMicrosPerRequest: 1e6 / rate,
  clientCpuPercent: 50,
  tokensReused: false,
});
const runs = (...rates: Array<number | undefined>): ModeRuns => ({ runs: rates.map((rate) => (rate === undefined ? undefined : run(rate))) });

describe('bench report', () => {
  it('takes the median of per-round ratios, over the rounds where both runs counted', () => {
    expect(medianRatio(runs(90, 50, 99), runs(100, 100, 100))).toBeCloseTo(0.9);
    expect(medianRatio(runs(90, undefined, 40), runs(100, 100, 50))).toBeCloseTo(0.85);
    expect(medianRatio({ skipped: 'did not boot' }, runs(100))).toBeNaN();
  });

  it('adds to the chosen modes the baselines they are compared with', () => {
    const ids = (modes: string) => readBenchSettings({ BENCH_MODES: modes }).modes.map((mode) => mode.id);
    expect(ids('hs256-unique')).toEqual(['no-guard', 'no-guard-hs256', 'hs256-unique']);
    expect(ids('api-key,composite')).toEqual(['no-guard', 'no-guard-api-key', 'api-key', 'composite']);
    expect(() => readBenchSettings({ BENCH_MODES: 'hs512' })).toThrow('BENCH_MODES: unknown hs512');
  });

  it('checks a target against the no-guard app sent the same requests, and shows the bare ratio beside it', () => {
    const { modes } = readBenchSettings({ BENCH_MODES: 'hs256,hs256-unique' });
    const results = new Map<string, ModeRuns>([
      [resultKey('no-guard', 'fastify'), runs(1000, 1000, 1000)],
      [resultKey('no-guard-hs256', 'fastify'), runs(800, 800, 800)],
      [resultKey('hs256', 'fastify'), runs(780, 790, 770)],
      [resultKey('hs256-unique', 'fastify'), runs(500, 560, 520)],
    ]);
    const report = formatReport(modes, ['fastify'], results);
    expect(report).toContain('MET  fastify HS256, token re-used: 0.97 × the same requests without guard (target ≥ 0.95; 0.78 × a bare request)');
    expect(report).toContain(
      'MISS fastify HS256, new token every request: 0.65 × the same requests without guard (target ≥ 0.75; 0.52 × a bare request)',
    );
    expect(report).toContain('| HS256, token re-used | 780 | 5 | 0.78 × | 0.97 × | 1282 |');
  });
});
