import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { LIBRARY, packLibrary, REPOSITORY, stageLibrary, type PackResult, type StagedLibrary } from '../support/packed-library.js';

interface Manifest {
  name: string;
  type: string;
  exports: unknown;
  bin: Record<string, string>;
  files: string[];
  engines: { node: string };
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
}

const manifest = JSON.parse(readFileSync(join(LIBRARY, 'package.json'), 'utf8')) as Manifest;

/** The package.json of `name` as Node would resolve it from `from` (walking up the node_modules folders). */
function installedManifest(
  name: string,
  from = REPOSITORY,
): { path: string; json: { version: string; engines?: { node?: string }; dependencies?: Record<string, string> } } {
  for (let dir = from; ; dir = dirname(dir)) {
    const path = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(path)) return { path, json: JSON.parse(readFileSync(path, 'utf8')) };
    if (dirname(dir) === dir) throw new Error(`${name} is not installed (needed from ${from})`);
  }
}

/** The package a bare import specifier names: `@nestjs/core/router/x.js` → `@nestjs/core`, `jose` → `jose`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/** `import … from 'x'`, `export … from 'x'`, `import 'x'` and `import('x')`, as tsc writes them (single quotes). */
const IMPORT = /^\s*(?:import|export)\s[^'";]*?from\s*'([^']+)'|^\s*import\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;

/** Every module specifier the compiled JavaScript under `dir` imports. */
function importedSpecifiers(dir: string): Set<string> {
  const specifiers = new Set<string>();
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.js'))) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(IMPORT)) specifiers.add(match[1] ?? match[2] ?? match[3]);
  }
  return specifiers;
}

/**
 * Optional peers that need a newer Node than the package, with the one entry that loads them; the README says so
 * where it introduces that entry.
 */
const NARROWER_OPTIONAL_PEERS: Readonly<Record<string, string>> = {
  '@nestjs/swagger': "nest-agent-auth/swagger (Node ^20.19 or >= 22.12, see the README's OpenAPI security section)",
};

describe('the published package manifest', () => {
  it('is named nest-agent-auth and is an ES module', () => {
    expect(manifest.name).toBe('nest-agent-auth');
    expect(manifest.type).toBe('module');
  });

  it('exports its entry points (the core, the testing kit, the OpenAPI entry, the Redis stores, the PostgreSQL session store) with types and default conditions only', () => {
    expect(manifest.exports).toEqual({
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './testing': { types: './dist/testing/index.d.ts', default: './dist/testing/index.js' },
      './swagger': { types: './dist/swagger/index.d.ts', default: './dist/swagger/index.js' },
      './redis': { types: './dist/redis/index.d.ts', default: './dist/redis/index.js' },
      './postgres': { types: './dist/postgres/index.d.ts', default: './dist/postgres/index.js' },
      './package.json': './package.json',
    });
  });

  it('keeps Nest itself a peer dependency so the app’s copy is used', () => {
    expect(Object.keys(manifest.peerDependencies)).toEqual(expect.arrayContaining(['@nestjs/common', '@nestjs/core', 'reflect-metadata']));
    expect(manifest.dependencies).not.toHaveProperty('@nestjs/common');
  });

  it('declares the integrations only some apps need as optional peers', () => {
    for (const name of ['@nestjs/websockets', '@nestjs/microservices', '@nestjs/swagger', 'ioredis', 'openid-client', 'pg']) {
      expect(manifest.peerDependencies).toHaveProperty([name]);
      expect(manifest.peerDependenciesMeta[name]).toEqual({ optional: true });
    }
  });

  it('builds its entry points from src/index.ts, src/testing/index.ts, src/swagger/index.ts and src/redis/index.ts', () => {
    expect(existsSync(join(LIBRARY, 'src/index.ts'))).toBe(true);
    expect(existsSync(join(LIBRARY, 'src/testing/index.ts'))).toBe(true);
    expect(existsSync(join(LIBRARY, 'src/swagger/index.ts'))).toBe(true);
    expect(existsSync(join(LIBRARY, 'src/redis/index.ts'))).toBe(true);
  });

  it('loads ioredis only from the Redis entry, so the core installs and runs without it', () => {
    const sources = readdirSync(join(LIBRARY, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const importers = sources.filter((file) => /from 'ioredis'/.test(readFileSync(join(LIBRARY, 'src', file), 'utf8')));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((file) => !file.startsWith('redis/'))).toEqual([]);
  });

  it('never loads @nestjs/swagger at run time: its types are all the OpenAPI entry takes from it', () => {
    const sources = readdirSync(join(LIBRARY, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const importers = sources.filter((file) =>
      /^import (?!type )[^;]*from '@nestjs\/swagger/m.test(readFileSync(join(LIBRARY, 'src', file), 'utf8')),
    );
    expect(importers).toEqual([]);
  });

  it('ships the nest-agent-auth CLI as its bin, compiled from src/cli/main.ts', () => {
    expect(manifest.bin).toEqual({ 'nest-agent-auth': './dist/cli/main.js' });
    expect(existsSync(join(LIBRARY, 'src/cli/main.ts'))).toBe(true);
  });

  it('lists in "files" only what exists besides the build output', () => {
    for (const entry of manifest.files.filter((entry) => entry !== 'dist')) expect(existsSync(join(LIBRARY, entry))).toBe(true);
  });

  it('admits, in every dependency and peer range, the version this repository tests with', () => {
    const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
    const outside = Object.entries(ranges).filter(([name, range]) => !semver.satisfies(installedManifest(name).json.version, range));
    expect(outside).toEqual([]);
  });

  it('names, for each optional peer that needs a newer Node than it claims, the entry that loads it', () => {
    for (const name of Object.keys(NARROWER_OPTIONAL_PEERS)) {
      expect(manifest.peerDependenciesMeta[name]).toEqual({ optional: true });
      expect(semver.subset(manifest.engines.node, installedManifest(name).json.engines?.node ?? '*')).toBe(false);
    }
  });

  it('claims no Node version that a runtime dependency (or one of theirs) or a peer does not support', () => {
    const unsupported: string[] = [];
    const visited = new Set<string>();
    const check = (name: string, from: string, followDependencies: boolean) => {
      const { path, json } = installedManifest(name, from);
      if (visited.has(path)) return;
      visited.add(path);
      const node = json.engines?.node;
      if (node && !semver.subset(manifest.engines.node, node)) unsupported.push(`${name}@${json.version} needs Node ${node}`);
      if (followDependencies) for (const dependency of Object.keys(json.dependencies ?? {})) check(dependency, dirname(path), true);
    };
    for (const name of Object.keys(manifest.dependencies)) check(name, REPOSITORY, true);
    // A peer's own dependencies are the app's install, not this package's: @nestjs/common pins file-type, which
    // declares Node >= 22 (see the README's Install section).
    for (const name of Object.keys(manifest.peerDependencies).filter((peer) => !(peer in NARROWER_OPTIONAL_PEERS))) check(name, REPOSITORY, false);
    expect(unsupported).toEqual([]);
  });
});

describe('the packed tarball', () => {
  let library: StagedLibrary;
  let packed: PackResult;
  let paths: string[];

  beforeAll(() => {
    library = stageLibrary();
    packed = packLibrary(library, { dryRun: true });
    paths = packed.files.map((file) => file.path);
  }, 120_000);
  afterAll(() => library?.remove());

  it('holds the manifest, the package README, the LICENSE, the entry points with their types and the CLI', () => {
    const entryPoints = [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/testing/index.js',
      'dist/testing/index.d.ts',
      'dist/swagger/index.js',
      'dist/swagger/index.d.ts',
      'dist/redis/index.js',
      'dist/redis/index.d.ts',
    ];
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', ...entryPoints, manifest.bin['nest-agent-auth'].slice(2)]));
  });

  it('holds no source maps, specs or sources', () => {
    expect(
      paths.filter(
        (path) =>
          path.endsWith('.map') || /\.(e2e-)?spec\./.test(path) || path.startsWith('src/') || (path.endsWith('.ts') && !path.endsWith('.d.ts')),
      ),
    ).toEqual([]);
  });

  it('imports at run time only Node built-ins, its dependencies and its peers', () => {
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
    const bare = [...importedSpecifiers(join(library.dir, 'dist'))].filter((specifier) => !specifier.startsWith('.'));
    expect(bare.length).toBeGreaterThan(0);
    const undeclared = bare.filter((specifier) => !builtinModules.includes(specifier.replace(/^node:/, '')) && !declared.has(packageOf(specifier)));
    expect(undeclared).toEqual([]);
  });
});

describe('the workspace', () => {
  it('claims in its engines only Node versions every locked package supports (so `npm ci` there warns of none)', () => {
    const workspace = JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as Manifest;
    const lock = JSON.parse(readFileSync(join(REPOSITORY, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: { node?: string } }>;
    };
    const unsupported = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.engines?.node && !semver.subset(workspace.engines.node, entry.engines.node))
      .map(([path, entry]) => `${path}@${entry.version} needs Node ${entry.engines?.node}`);
    expect(unsupported).toEqual([]);
  });
});
