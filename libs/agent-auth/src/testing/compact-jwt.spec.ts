import { describe, expect, it } from '@jest/globals';
import { createSecretKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import { JWT_ALGORITHMS, type JwtAlgorithm } from '../options/jwt.options.js';
import { signCompactJwt } from './compact-jwt.js';

function keysFor(algorithm: JwtAlgorithm): { signing: KeyObject; verifying: KeyObject } {
  if (algorithm.startsWith('HS')) {
    const secret = createSecretKey(randomBytes(64));
    return { signing: secret, verifying: secret };
  }
  const curves: Partial<Record<JwtAlgorithm, string>> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };
  const pair =
    algorithm === 'EdDSA'
      ? generateKeyPairSync('ed25519')
      : algorithm.startsWith('ES')
        ? generateKeyPairSync('ec', { namedCurve: curves[algorithm] as string })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { signing: pair.privateKey, verifying: pair.publicKey };
}

describe('signCompactJwt', () => {
  it.each(JWT_ALGORITHMS.map((algorithm) => [algorithm]))('signs %s tokens that jose verifies', async (algorithm) => {
    const { signing, verifying } = keysFor(algorithm);
    const token = signCompactJwt({ sub: 'ann', n: 1 }, signing, algorithm, 'key-1');
    const { payload, protectedHeader } = await jwtVerify(token, verifying, { algorithms: [algorithm] });
    expect(payload).toEqual({ sub: 'ann', n: 1 });
    expect(protectedHeader).toEqual({ alg: algorithm, typ: 'JWT', kid: 'key-1' });
  });

  it('leaves kid out when given none', () => {
    const token = signCompactJwt({}, createSecretKey(randomBytes(32)), 'HS256');
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
  });
});
