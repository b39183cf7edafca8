import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { AuthContext } from '../auth-context.js';
import { fillPermission, grantedPermissions, grants, holdsPermission, parsePermissionTemplate } from './permission.js';

const principal = (permissions: string[], roles: string[] = []): AuthContext => ({
  userId: 'u1',
  method: 'jwt',
  roles,
  scopes: [],
  permissions,
  claims: {},
});
const fill = (template: string, params: Record<string, unknown>) => fillPermission(parsePermissionTemplate(template), (name) => params[name]);
const holds = (
  permissions: string[],
  template: string,
  params: Record<string, unknown>,
  roles: string[] = [],
  roleMap?: Record<string, string[]>,
) => {
  const required = fill(template, params);
  return required !== undefined && holdsPermission(principal(permissions, roles), required, roleMap);
};

describe('parsePermissionTemplate', () => {
  it('reads literals and whole-segment placeholders', () => {
    const template = parsePermissionTemplate('agents:{id}:run');
    expect(template.segments).toEqual([{ literal: 'agents' }, { param: 'id' }, { literal: 'run' }]);
    expect(template.params).toEqual(['id']);
  });

  it.each(['agents:*:run', 'agents::run', 'agents:x{id}:run', 'agents:{id', 'agents:{}:run', 'agents:{1d}:run', 'a b', ''])(
    'refuses %j',
    (source) => {
      expect(() => parsePermissionTemplate(source)).toThrow(/segment/);
    },
  );
});

describe('permission matching', () => {
  it('grants a filled permission to an exact grant and to a grant with * in any one segment', () => {
    expect(holds(['agents:a1:run'], 'agents:{id}:run', { id: 'a1' })).toBe(true);
    expect(holds(['agents:*:run'], 'agents:{id}:run', { id: 'a1' })).toBe(true);
    expect(holds(['*:*:*'], 'agents:{id}:run', { id: 'a1' })).toBe(true);
    expect(holds(['agents:a2:run'], 'agents:{id}:run', { id: 'a1' })).toBe(false);
    expect(holds(['agents:*:read'], 'agents:{id}:run', { id: 'a1' })).toBe(false);
  });

  it('matches * against one segment only: never fewer, never more', () => {
    expect(holds(['agents:*'], 'agents:{id}:run', { id: 'a1' })).toBe(false);
    expect(holds(['*'], 'agents:{id}:run', { id: 'a1' })).toBe(false);
    expect(holds(['agents:*:run:*'], 'agents:{id}:run', { id: 'a1' })).toBe(false);
  });

  it('leaves a permission unfilled (so not granted) when its param is missing, empty or not a string or number', () => {
    for (const id of [undefined, '', null, {}, ['a1'], true, Number.NaN]) expect(fill('agents:{id}:run', { id })).toBeUndefined();
    expect(fill('agents:{id}:run', { id: 7 })).toEqual(['agents', '7', 'run']);
  });

  it('adds the permissions of the principal roles from the role map', () => {
    const roleMap = { operator: ['agents:*:run'] };
    expect(holds([], 'agents:{id}:run', { id: 'a1' }, ['operator'], roleMap)).toBe(true);
    expect(holds([], 'agents:{id}:run', { id: 'a1' }, ['viewer'], roleMap)).toBe(false);
    expect(holds([], 'agents:{id}:run', { id: 'a1' }, ['toString', '__proto__'], roleMap)).toBe(false);
  });

  it('computes the grants of one principal object once per role map', () => {
    const auth = principal(['a:b']);
    expect(grantedPermissions(auth, undefined)).toBe(grantedPermissions(auth, undefined));
    expect(grantedPermissions(auth, { x: ['c:d'] })).toEqual([['a', 'b']]);
  });

  /** Param values made of the characters that mean something in a permission, and their encodings. */
  const trickyValue = fc.stringMatching(/^[a-z0-9*:{}%.\\/ ]{1,12}$/);

  it('never lets a param value widen a grant: a value matches an exact grant only when it is that value', () => {
    fc.assert(
      fc.property(trickyValue, fc.stringMatching(/^[a-z0-9]{1,6}$/), (value, grantedId) => {
        const granted = holds([`agents:${grantedId}:run`], 'agents:{id}:run', { id: value });
        expect(granted).toBe(value === grantedId);
      }),
    );
  });

  it('keeps a param value one segment: a * grant of that segment matches it, a grant of another shape never does', () => {
    fc.assert(
      fc.property(trickyValue, fc.array(fc.constantFrom('*', 'agents', 'run', 'x'), { minLength: 1, maxLength: 5 }), (value, shape) => {
        const grant = shape.join(':');
        const expected = shape.length === 3 && ['agents', '*'].includes(shape[0]) && shape[1] === '*' && ['run', '*'].includes(shape[2]);
        expect(holds([grant], 'agents:{id}:run', { id: value })).toBe(expected);
      }),
    );
  });

  it('grants exactly when every segment is equal or *', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', '*'), { maxLength: 4 }),
        fc.array(fc.constantFrom('a', 'b'), { maxLength: 4 }),
        (granted, required) => {
          const expected = granted.length === required.length && granted.every((segment, index) => segment === '*' || segment === required[index]);
          expect(grants(granted, required)).toBe(expected);
        },
      ),
    );
  });
});
