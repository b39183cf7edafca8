import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

export const REPOSITORY = process.cwd();
export const LIBRARY = join(REPOSITORY, 'libs/agent-auth');

/** One entry of `npm pack --json`. */
export interface PackResult {
  filename: string;
  files: { path: string }[];
}

/** A copy of libs/agent-auth built as it is published, in a temporary directory; `remove()` deletes it. */
export interface StagedLibrary {
  dir: string;
  remove(): void;
}

/**
 * Copies libs/agent-auth (sources, manifest, README, LICENSE; not its dist) into a new temporary directory and
 * compiles it there with tsconfig.lib.json, so `npm pack` in that directory sees exactly what a publish would,
 * with no stale build output, and suites that run libs/agent-auth/dist are left alone.
 */
export function stageLibrary(): StagedLibrary {
  const dir = mkdtempSync(join(tmpdir(), 'nest-agent-auth-lib-'));
  cpSync(LIBRARY, dir, { recursive: true, filter: (path) => !/^(dist|node_modules)(\/|$)/.test(relative(LIBRARY, path).split(sep).join('/')) });
  execFileSync(
    process.execPath,
    [join(REPOSITORY, 'node_modules/typescript/bin/tsc'), '-p', join(LIBRARY, 'tsconfig.lib.json'), '--outDir', join(dir, 'dist')],
    {
      stdio: 'pipe',
    },
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `npm pack --json` of a staged library: the tarball goes to `destination`, or nowhere with `dryRun`. */
export function packLibrary(library: StagedLibrary, options: { destination: string } | { dryRun: true }): PackResult {
  const where = 'dryRun' in options ? ['--dry-run'] : ['--pack-destination', options.destination];
  const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', ...where], { cwd: library.dir, encoding: 'utf8', env: npmEnvironment() });
  return (JSON.parse(output) as PackResult[])[0];
}

/**
 * The environment for an npm run on a project of its own: this one without the `npm_*` variables of the
 * `npm test` that started Jest, which would otherwise point the child at this repository's configuration.
 */
export function npmEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'INIT_CWD');
  return { ...Object.fromEntries(inherited), ...extra };
}
