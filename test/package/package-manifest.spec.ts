import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const libraryRoot = join(process.cwd(), 'libs/agent-auth');
const manifest = JSON.parse(readFileSync(join(libraryRoot, 'package.json'), 'utf8')) as Record<string, unknown>;

describe('the published package manifest', () => {
  it('is named nest-agent-auth and is an ES module', () => {
    expect(manifest.name).toBe('nest-agent-auth');
    expect(manifest.type).toBe('module');
  });

  it('exports its entry point and the OpenAPI entry with types and default conditions only', () => {
    expect(manifest.exports).toEqual({
      '.': { types: './dist/index.d.ts', default: './dist/index.js' },
      './swagger': { types: './dist/swagger/index.d.ts', default: './dist/swagger/index.js' },
      './package.json': './package.json',
    });
  });

  it('keeps Nest itself a peer dependency so the app’s copy is used', () => {
    const peers = manifest.peerDependencies as Record<string, string>;
    expect(Object.keys(peers)).toEqual(expect.arrayContaining(['@nestjs/common', '@nestjs/core', 'reflect-metadata']));
    expect(manifest.dependencies).not.toHaveProperty('@nestjs/common');
  });

  it('declares the integrations only some apps need as optional peers', () => {
    const optional = manifest.peerDependenciesMeta as Record<string, { optional?: boolean }>;
    for (const name of ['@nestjs/websockets', '@nestjs/microservices', '@nestjs/swagger']) {
      expect(manifest.peerDependencies).toHaveProperty([name]);
      expect(optional[name]).toEqual({ optional: true });
    }
  });

  it('builds its entry points from src/index.ts and src/swagger/index.ts', () => {
    expect(existsSync(join(libraryRoot, 'src/index.ts'))).toBe(true);
    expect(existsSync(join(libraryRoot, 'src/swagger/index.ts'))).toBe(true);
  });

  it('never loads @nestjs/swagger at run time: its types are all the OpenAPI entry takes from it', () => {
    const sources = readdirSync(join(libraryRoot, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const importers = sources.filter((file) =>
      /^import (?!type )[^;]*from '@nestjs\/swagger/m.test(readFileSync(join(libraryRoot, 'src', file), 'utf8')),
    );
    expect(importers).toEqual([]);
  });

  it('ships the nest-agent-auth CLI as its bin, compiled from src/cli/main.ts', () => {
    expect(manifest.bin).toEqual({ 'nest-agent-auth': './dist/cli/main.js' });
    expect(existsSync(join(libraryRoot, 'src/cli/main.ts'))).toBe(true);
  });
});
