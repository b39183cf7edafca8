import { describe, expect, it } from '@jest/globals';
import { AuthError } from './auth-error.js';
import { AuthHttpException } from './auth-http-exception.js';

describe('refusals are built without a stack trace', () => {
  it('captures no frame for an AuthError or its HTTP exception, and leaves other errors their stack', () => {
    const limit = Error.stackTraceLimit;
    const refusal = new AuthError('invalid_token');
    const exception = new AuthHttpException(refusal, 'agents');
    expect(refusal.stack).toBe('AuthError: Invalid authorization token');
    expect(exception.stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('a fault').stack).toMatch(/\n\s+at /);
  });

  it('restores stack traces even when a custom errorBody throws', () => {
    const limit = Error.stackTraceLimit;
    expect(
      () =>
        new AuthHttpException(new AuthError('invalid_token'), 'agents', () => {
          throw new Error('bad errorBody');
        }),
    ).toThrow('bad errorBody');
    expect(Error.stackTraceLimit).toBe(limit);
  });
});
