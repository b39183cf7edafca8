import { constants, createHmac, sign, type KeyObject } from 'node:crypto';
import type { JwtAlgorithm } from '../options/jwt.options.js';

/**
 * Signs a payload as a compact JWS (RFC 7515) with node:crypto alone, synchronously: HMAC for `HS*`, PKCS#1 v1.5
 * for `RS*`, PSS for `PS*`, IEEE P1363 signatures for `ES*`, Ed25519 for `EdDSA`.
 * @param key a secret key for `HS*`, otherwise the private key matching the algorithm.
 */
export function signCompactJwt(payload: Record<string, unknown>, key: KeyObject, algorithm: JwtAlgorithm, kid?: string): string {
  const header = { alg: algorithm, typ: 'JWT', ...(kid === undefined ? {} : { kid }) };
  const signingInput = `${base64urlJson(header)}.${base64urlJson(payload)}`;
  return `${signingInput}.${signature(Buffer.from(signingInput), key, algorithm).toString('base64url')}`;
}

function signature(data: Buffer, key: KeyObject, algorithm: JwtAlgorithm): Buffer {
  if (algorithm === 'EdDSA') return sign(null, data, key);
  const hash = `sha${algorithm.slice(2)}`;
  if (algorithm.startsWith('HS')) return createHmac(hash, key).update(data).digest();
  if (algorithm.startsWith('PS'))
    return sign(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
  if (algorithm.startsWith('ES')) return sign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
  return sign(hash, data, key);
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
