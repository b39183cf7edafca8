import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { npmEnvironment, packLibrary, REPOSITORY, stageLibrary, type StagedLibrary } from '../support/packed-library.js';

/**
 * The consumer check: the README's app as a user pastes it, on the packed library, in a directory of its own
 * outside this repository. Its files are the README blocks marked `<!-- consumer-check: <file> -->`; its packages
 * are those the blocks marked `<!-- consumer-check: install -->` install, at the versions this repository tests
 * with (so the install is served from the npm cache), nest-agent-auth being the tarball. The app's own `npm test`
 * (its type check, then its Jest suite) must pass with the README's tests.
 */

const MARKED_BLOCK = /<!-- consumer-check: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g;
const INSTALL = 'install';
/** Where the app's Jest writes its `--json` report, in the app's directory. */
const REPORT = 'jest-report.json';

/** The tests of the README's e2e snippet, all of which must pass. */
const EXPECTED_TESTS = [
  'answers public routes without a token',
  'refuses a call without a token with 401',
  'runs the agent for a valid token',
  'refuses a deploy to a token without the operator or admin role with 403',
  'deploys for an operator',
];

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

interface JestReport {
  success: boolean;
  testResults: { assertionResults: { title: string; status: string }[] }[];
}

/** The pages holding the consumer check's blocks: the README's quick start, and the Nest 12 setup guide. */
const DOC_PAGES = ['README.md', 'docs/nest-12-setup.md'];

/** The README's marked blocks: the files by path, and the `npm install` lines of the install blocks. */
function readmeBlocks(): { files: Map<string, string>; installLines: string[] } {
  const files = new Map<string, string>();
  const installLines: string[] = [];
  const pages = DOC_PAGES.map((page) => readFileSync(join(REPOSITORY, page), 'utf8')).join('\n');
  for (const [, name, body] of pages.matchAll(MARKED_BLOCK)) {
    if (name === INSTALL) installLines.push(...body.split('\n').filter((line) => line.startsWith('npm install ')));
    else if (files.has(name)) throw new Error(`${DOC_PAGES.join(' and ')} mark two blocks as ${name}`);
    else files.set(name, `${body}\n`);
  }
  return { files, installLines };
}

/**
 * The dependencies the install lines name, each at the range this repository's package.json gives it (the version
 * a line spells, like `typescript@~6.0`, must admit it; the check installs the tested one) and nest-agent-auth
 * from `tarball`.
 */
function dependenciesOf(installLines: string[], tarball: string) {
  const workspace = JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  const tested = { ...workspace.dependencies, ...workspace.devDependencies };
  const manifest: { dependencies: Record<string, string>; devDependencies: Record<string, string> } = { dependencies: {}, devDependencies: {} };
  for (const line of installLines) {
    const words = line.split(/\s+/).slice(2);
    const section = words.includes('-D') ? manifest.devDependencies : manifest.dependencies;
    for (const [, name, spelled] of words.filter((word) => !word.startsWith('-')).map((word) => /^(.[^@]*)(?:@(.+))?$/.exec(word) ?? [])) {
      if (name === 'nest-agent-auth') section[name] = `file:${tarball}`;
      else if (!tested[name])
        throw new Error(`The README installs ${name}, which this repository's package.json does not name: add it there to pin the tested version`);
      else if (spelled && !semver.subset(tested[name], spelled))
        throw new Error(`The README installs ${name}@${spelled}, this repository tests ${tested[name]}`);
      else section[name] = tested[name];
    }
  }
  return manifest;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: npmEnvironment(env), timeout: 240_000 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? String(result.error ?? '') };
}

/** The packages npm's `EBADENGINE` warnings name (without versions). */
const unsupportedEngines = (npmOutput: string) => [...npmOutput.matchAll(/EBADENGINE\s+package: '(.+?)@[^@']+'/g)].map(([, name]) => name);

const tail = (text: string) => text.split('\n').slice(-40).join('\n');

describe('the README blocks of the consumer check', () => {
  it('are the package.json, tsconfig.json, jest.config.js, the app module and its e2e test', () => {
    expect([...readmeBlocks().files.keys()].sort()).toEqual([
      'jest.config.js',
      'package.json',
      'src/app.module.ts',
      'test/app.e2e-spec.ts',
      'tsconfig.json',
    ]);
  });
});

describe('the README quick start as an app of its own, on the packed library', () => {
  let library: StagedLibrary | undefined;
  let packDir: string | undefined;
  let appDir: string | undefined;
  let installWarnings: string[];
  let secretRun: Run;
  let appTest: Run;

  beforeAll(() => {
    const { files, installLines } = readmeBlocks();
    library = stageLibrary();
    packDir = mkdtempSync(join(tmpdir(), 'nest-agent-auth-pack-'));
    const tarball = join(packDir, packLibrary(library, { destination: packDir }).filename);

    appDir = mkdtempSync(join(tmpdir(), 'nest-agent-auth-consumer-'));
    for (const [path, content] of files) {
      mkdirSync(dirname(join(appDir, path)), { recursive: true });
      writeFileSync(join(appDir, path), content);
    }
    const appManifest = { ...JSON.parse(files.get('package.json') ?? '{}'), ...dependenciesOf(installLines, tarball) };
    writeFileSync(join(appDir, 'package.json'), `${JSON.stringify(appManifest, null, 2)}\n`);

    const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], appDir);
    if (install.status !== 0) {
      throw new Error(`npm install failed in the consumer app (exit ${install.status}); is the npm registry reachable?\n${tail(install.stderr)}`);
    }
    installWarnings = unsupportedEngines(install.stderr);
    secretRun = run('npx', ['--no', 'nest-agent-auth', 'secret'], appDir);
    appTest = run('npm', ['test', '--', '--json', `--outputFile=${REPORT}`], appDir, { JWT_SECRET: secretRun.stdout.trim() });
  }, 360_000);

  afterAll(() => {
    library?.remove();
    for (const dir of [packDir, appDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs warning of no unsupported engine but file-type’s, as the README says (@nestjs/common pins it; it wants Node 22)', () => {
    expect(installWarnings.filter((name) => name !== 'file-type')).toEqual([]);
  });

  it('gets a JWT secret from `npx nest-agent-auth secret`, the installed bin (32 bytes, base64url)', () => {
    // Its shape only: a secret never goes to the test output.
    const secret = secretRun.stdout.trim();
    expect({ status: secretRun.status, stderr: secretRun.stderr, length: secret.length, base64url: /^[A-Za-z0-9_-]+$/.test(secret) }).toEqual({
      status: 0,
      stderr: '',
      length: 43,
      base64url: true,
    });
  });

  it('type-checks and passes its own tests: public routes 200, no token 401, a valid token 201, a missing role 403', () => {
    if (appTest.status !== 0)
      throw new Error(`The consumer app's npm test failed (exit ${appTest.status}):\n${tail(appTest.stdout)}\n${tail(appTest.stderr)}`);
    const report = JSON.parse(readFileSync(join(appDir!, REPORT), 'utf8')) as JestReport;
    const results = report.testResults.flatMap((file) => file.assertionResults);
    expect(results.map(({ title, status }) => ({ title, status }))).toEqual(EXPECTED_TESTS.map((title) => ({ title, status: 'passed' })));
    expect(report.success).toBe(true);
  });
});
