import { describe, expect, it } from '@jest/globals';
import { Strategy } from 'passport-strategy';
import { runPassportStrategy } from './passport-runner.js';

/** A strategy whose `authenticate` does what the test says, with the request and its own fields at hand. */
class ScriptedStrategy extends Strategy {
  constructor(
    readonly label: string,
    private readonly script: (strategy: ScriptedStrategy, request: { id: string }) => void,
  ) {
    super();
  }

  override authenticate(request: never): void {
    this.script(this, request);
  }
}

describe('runPassportStrategy', () => {
  it('answers synchronously, without a promise, when the strategy ends before authenticate returns', () => {
    const strategy = new ScriptedStrategy('s', (self, request) => self.success({ id: request.id, by: self.label }));
    expect(runPassportStrategy(strategy, { id: 'u1' })).toEqual({ kind: 'success', user: { id: 'u1', by: 's' } });
    expect(runPassportStrategy(strategy, { id: 'u2' })).toEqual({ kind: 'success', user: { id: 'u2', by: 's' } });
  });

  it('answers with a promise when the strategy ends later', async () => {
    const strategy = new ScriptedStrategy('s', (self) => setTimeout(() => self.fail('Bearer', 401), 1));
    const outcome = runPassportStrategy(strategy, { id: 'u1' });
    expect(outcome).toBeInstanceOf(Promise);
    await expect(outcome).resolves.toEqual({ kind: 'fail', challenge: 'Bearer' });
  });

  it('keeps the first ending of an attempt, and attempts apart from each other', async () => {
    const later: Array<() => void> = [];
    const strategy = new ScriptedStrategy('s', (self, request) => later.push(() => (self.pass(), self.success(request.id))));
    const first = runPassportStrategy(strategy, { id: 'a' });
    const second = runPassportStrategy(strategy, { id: 'b' });
    later.reverse().forEach((end) => end());
    await expect(first).resolves.toEqual({ kind: 'pass' });
    await expect(second).resolves.toEqual({ kind: 'pass' });
  });

  it('reports a thrown error, a redirect and an error as their own endings', () => {
    const failure = new Error('boom');
    expect(
      runPassportStrategy(
        new ScriptedStrategy('s', () => {
          throw failure;
        }),
        { id: 'u' },
      ),
    ).toEqual({ kind: 'error', error: failure });
    expect(runPassportStrategy(new ScriptedStrategy('s', (self) => self.error(failure)), { id: 'u' })).toEqual({ kind: 'error', error: failure });
    expect(runPassportStrategy(new ScriptedStrategy('s', (self) => self.redirect('/login')), { id: 'u' })).toEqual({
      kind: 'fail',
      challenge: undefined,
    });
  });
});
