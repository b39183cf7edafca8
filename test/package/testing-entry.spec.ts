import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const libraryRoot = join(process.cwd(), 'libs/agent-auth');
const manifest = JSON.parse(readFileSync(join(libraryRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
const testingSources = readdirSync(join(libraryRoot, 'src/testing')).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'));

/** Every package a file imports (relative imports and node: built-ins left out). */
function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
  return specifiers.filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'));
}

describe('the nest-agent-auth/testing entry point', () => {
  it('imports only the library’s own dependencies and peers, never a test runner or an HTTP client', () => {
    const allowed = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)];
    expect(testingSources).toContain('index.ts');
    for (const name of testingSources) {
      const source = readFileSync(join(libraryRoot, 'src/testing', name), 'utf8');
      expect({ name, packages: importedPackages(source).filter((pkg) => !allowed.includes(pkg)) }).toEqual({ name, packages: [] });
    }
  });
});
