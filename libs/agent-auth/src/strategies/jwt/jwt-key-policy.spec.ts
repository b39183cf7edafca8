import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { keyProblem } from './jwt-key-policy.js';

const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey;
const ec = (namedCurve: string) => generateKeyPairSync('ec', { namedCurve }).publicKey;

describe('keyProblem', () => {
  const rsa2048 = rsa(2048);
  const p256 = ec('P-256');
  const ed25519 = generateKeyPairSync('ed25519').publicKey;

  it.each([
    ['RS256', rsa2048],
    ['RS512', rsa2048],
    ['PS256', rsa2048],
    ['PS256', generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey],
    ['ES256', p256],
    ['ES384', ec('P-384')],
    ['ES512', ec('P-521')],
    ['EdDSA', ed25519],
  ])('lets a suitable key verify %s', (algorithm, key) => {
    expect(keyProblem(key, algorithm)).toBeUndefined();
  });

  it('refuses RSA keys under 2048 bits', () => {
    expect(keyProblem(rsa(1024), 'RS256')).toBe('RSA keys need at least 2048 bits (got 1024)');
  });

  it.each([
    ['RS256', p256, /needs an RSA key/],
    ['RS256', generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).publicKey, /needs an RSA key/],
    ['ES256', ec('P-384'), /prime256v1/],
    ['ES256', rsa2048, /needs an EC/],
    ['EdDSA', p256, /Ed25519/],
    ['HS256', rsa2048, /cannot be verified with a public key/],
  ])('refuses to verify %s with another kind of key', (algorithm, key, reason) => {
    expect(keyProblem(key, algorithm)).toMatch(reason);
  });
});
