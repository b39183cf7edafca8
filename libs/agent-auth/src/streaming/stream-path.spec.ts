import { describe, expect, it } from '@jest/globals';
import { requestPath, streamPathProblem } from './stream-path.js';

describe('streamPathProblem', () => {
  it.each(['/', '/agents/support/events', '/ws', '/a/b%20c/d', "/a/-._~!$&'()*+,;=:@"])('accepts the canonical path %s', (path) => {
    expect(streamPathProblem(path)).toBeUndefined();
  });

  it.each([
    ['', 'must be 1 to'],
    ['agents', 'must start with'],
    ['/agents/', 'trailing slash'],
    ['//agents', 'empty'],
    ['/agents//events', 'empty'],
    ['/agents/./events', '"."'],
    ['/agents/../admin', '".."'],
    ['/agents?x=1', 'query'],
    ['/agents#top', 'query or fragment'],
    ['/a%2', 'percent-encoding'],
    ['/a%zz', 'percent-encoding'],
    ['/a b', 'percent-encoded'],
    ['/é', 'percent-encoded'],
    [`/${'a'.repeat(2048)}`, 'must be 1 to'],
  ])('refuses %j', (path, reason) => {
    expect(streamPathProblem(path)).toContain(reason);
  });
});

describe('requestPath', () => {
  it('keeps the raw path and drops the query', () => {
    expect(requestPath('/a/%62?ticket=x&y')).toBe('/a/%62');
    expect(requestPath('/a/b')).toBe('/a/b');
    expect(requestPath('/a/b/?')).toBe('/a/b/');
  });
});
