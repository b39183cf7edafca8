import { describe, expect, it } from '@jest/globals';
import { readPath, stringList } from './claim-values.js';

describe('readPath', () => {
  it('walks a dot path through own properties', () => {
    expect(readPath({ realm_access: { roles: ['admin'] } }, ['realm_access', 'roles'])).toEqual(['admin']);
  });

  it('reads a namespaced claim whose name holds dots (Auth0 style) as one name', () => {
    const claims = { 'https://agent-api.example.com/roles': ['operator'] };
    expect(readPath(claims, 'https://agent-api.example.com/roles'.split('.'))).toEqual(['operator']);
  });

  it.each([['__proto__'], ['toString'], ['constructor']])('never resolves the inherited %s', (name) => {
    expect(readPath({}, [name])).toBeUndefined();
    expect(readPath({ a: {} }, ['a', name])).toBeUndefined();
  });

  it('stops at values that are not objects', () => {
    expect(readPath({ a: 'text' }, ['a', 'length'])).toBeUndefined();
  });
});

describe('stringList', () => {
  it('keeps the non-empty strings of a list and splits a string on spaces', () => {
    expect(stringList(['a', '', 1, null, 'b'])).toEqual(['a', 'b']);
    expect(stringList('read  write')).toEqual(['read', 'write']);
  });

  it('gives nothing for other types', () => {
    expect(stringList({ 0: 'admin' })).toEqual([]);
    expect(stringList(42)).toEqual([]);
  });
});
