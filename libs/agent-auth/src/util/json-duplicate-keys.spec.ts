import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { hasDuplicateKeys } from './json-duplicate-keys.js';

/** A JSON value written member by member, so that an object may repeat a name (which JSON.stringify cannot). */
type Tree = { kind: 'leaf'; json: string } | { kind: 'array'; items: Tree[] } | { kind: 'object'; members: Array<[string, boolean, Tree]> };

const names = fc.constantFrom('sub', 'aud', 'roles', 'a', 'é', '"q"', '\\', '__proto__');
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)).map((value) => ({ kind: 'leaf' as const, json: JSON.stringify(value) })),
    fc.array(tie('tree'), { maxLength: 3 }).map((items) => ({ kind: 'array' as const, items })),
    fc.array(fc.tuple(names, fc.boolean(), tie('tree')), { maxLength: 4 }).map((members) => ({ kind: 'object' as const, members })),
  ),
}));

/** Writes a name plainly or with every character as a \u escape: both spell the same name. */
function writeName(name: string, escaped: boolean): string {
  if (!escaped) return JSON.stringify(name);
  return `"${[...name].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
}

function write(node: Tree): string {
  if (node.kind === 'leaf') return node.json;
  if (node.kind === 'array') return ` [ ${node.items.map(write).join(' , ')} ] `;
  return `{${node.members.map(([name, escaped, value]) => `${writeName(name, escaped)} :${write(value)}`).join(',')}}`;
}

function repeatsAName(node: Tree): boolean {
  if (node.kind === 'leaf') return false;
  if (node.kind === 'array') return node.items.some(repeatsAName);
  const seen = node.members.map(([name]) => name);
  return new Set(seen).size !== seen.length || node.members.some(([, , value]) => repeatsAName(value));
}

describe('hasDuplicateKeys', () => {
  it.each([
    ['{"sub":"a","sub":"b"}', true],
    ['{"sub":"a","s\\u0075b":"b"}', true],
    ['{"a":{"roles":["x"],"roles":["admin"]}}', true],
    ['[{"a":1},{"a":1}]', false],
    ['{"a":"{\\"a\\":1,\\"a\\":2}"}', false],
    ['{"a":[1,{"b":2}],"b":3}', false],
    ['{}', false],
    ['"just a string"', false],
  ])('%s → %s', (json, expected) => {
    expect(hasDuplicateKeys(json)).toBe(expected);
  });

  it('agrees with a reference on any JSON text, escaped names and nesting included', () => {
    fc.assert(
      fc.property(tree, (node) => {
        const json = write(node);
        JSON.parse(json);
        expect(hasDuplicateKeys(json)).toBe(repeatsAName(node));
      }),
      { numRuns: 500 },
    );
  });

  it('never finds a duplicate in what JSON.stringify wrote', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => !hasDuplicateKeys(JSON.stringify(value))),
      { numRuns: 500 },
    );
  });
});
