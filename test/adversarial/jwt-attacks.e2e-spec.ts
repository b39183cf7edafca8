import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AgentAuthModule } from 'nest-agent-auth';
import { HandlerHits } from '../fixtures/adversarial.fixture.js';
import { getWithBearer, startAdversarialApp } from '../support/adversarial-app.js';
import { expectRefused } from '../support/refusal.js';
import { PLATFORMS, type TestApp } from '../support/test-app.js';
import { b64, hmacToken, newRsaKeys, newSecret, signToken } from '../support/tokens.js';

/**
 * Known attacks on JWT verifiers (RFC 8725 §2, RFC 7515, RFC 7519 and published library CVEs), each sent to a
 * private handler: none may run it, each ends in 401 invalid_token, and no response holds a token, key or stack.
 */
const AUDIENCE = 'agent-api';
const ISSUER = 'https://auth.test';
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'u1', aud: AUDIENCE, iss: ISSUER, exp: now() + 3600, ...extra });
const pem = (key: { export(options: { type: 'spki'; format: 'pem' }): string | Buffer }) => key.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = (key: { export(options: { type: 'pkcs8'; format: 'pem' }): string | Buffer }) =>
  key.export({ type: 'pkcs8', format: 'pem' }).toString();

const secret = newSecret();
const rsa = newRsaKeys();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const attacker = newRsaKeys();
const rsaPublicPem = pem(rsa.publicKey);
/** Everything no response may ever contain. */
const KEYS = [secret, rsaPublicPem, privatePem(rsa.privateKey), pem(ec.publicKey), privatePem(ec.privateKey)];

/** A token signed with the app's real HMAC secret over exactly this header and payload text. */
const hs = (header: string | object, payload: string | object) => hmacToken(secret, header, payload);

describe.each(PLATFORMS)('JWT attacks on %s', (platform) => {
  let hsApp: TestApp;
  let rsApp: TestApp;
  let esApp: TestApp;
  /** Stands for a key server an attacker controls: `jku`/`x5u` must never make the library call it. */
  let keyServer: Server;
  let keyServerHits = 0;
  let keyServerUrl: string;

  beforeAll(async () => {
    hsApp = await startAdversarialApp(platform, { jwt: { secret, audience: AUDIENCE, issuer: ISSUER } });
    rsApp = await startAdversarialApp(platform, { jwt: { publicKey: rsaPublicPem, algorithms: ['RS256'], audience: AUDIENCE, issuer: ISSUER } });
    esApp = await startAdversarialApp(platform, { jwt: { publicKey: pem(ec.publicKey), algorithms: ['ES256'], audience: AUDIENCE, issuer: ISSUER } });
    keyServer = createServer((_request, response) => {
      keyServerHits++;
      response.end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/keys.json`;
  });
  afterAll(async () => {
    await Promise.all([hsApp.close(), rsApp.close(), esApp.close()]);
    await new Promise((resolve) => keyServer.close(resolve));
  });

  const refused = (server: TestApp, token: string, path = '/vault') =>
    expectRefused(server, () => getWithBearer(server, token, path), { status: 401, code: 'invalid_token' }, [token, ...KEYS]);

  it("serves genuine HS256, RS256 and ES256 tokens (so every refusal below is the attack's doing)", async () => {
    expect((await getWithBearer(hsApp, hs({ alg: 'HS256', typ: 'JWT' }, claims()))).status).toBe(200);
    expect((await getWithBearer(rsApp, signToken(rsa.privateKey, claims(), { algorithm: 'RS256' }))).status).toBe(200);
    expect((await getWithBearer(esApp, signToken(ec.privateKey, claims(), { algorithm: 'ES256' }))).status).toBe(200);
    expect(hsApp.app.get(HandlerHits).total('vault')).toBe(1);
  });

  describe('alg "none" (RFC 8725 §3.1)', () => {
    const spellings = ['none', 'None', 'NONE', 'nOnE', 'none ', ''];
    it.each(
      spellings.flatMap((alg) => [
        [alg, ''],
        [alg, 'c2ln'],
      ]),
    )('refuses alg %j with signature %j', async (alg, signature) => {
      await refused(hsApp, `${b64({ alg, typ: 'JWT' })}.${b64(claims({ roles: ['admin'] }))}.${signature}`, '/admin');
    });

    it.each([[null], [['HS256']], [{ name: 'HS256' }], [256]])('refuses a non-string alg %j', async (alg) => {
      await refused(hsApp, hs({ alg }, claims()));
    });
  });

  describe('algorithm confusion', () => {
    it('refuses HS256 signed with the RS256 public key PEM as the HMAC secret', async () => {
      await refused(rsApp, hmacToken(rsaPublicPem, { alg: 'HS256', typ: 'JWT' }, claims()));
      await refused(rsApp, hmacToken(rsaPublicPem.trim(), { alg: 'HS256', typ: 'JWT' }, claims()));
      await refused(rsApp, hmacToken(rsa.publicKey.export({ type: 'spki', format: 'der' }), { alg: 'HS256' }, claims()));
    });

    it('refuses an RS256 header carrying an HMAC made with the public key', async () => {
      await refused(rsApp, hmacToken(rsaPublicPem, { alg: 'RS256', typ: 'JWT' }, claims()));
    });

    it('refuses HS256 on an ES256 app and ES256 on an RS256 app', async () => {
      await refused(esApp, hmacToken(pem(ec.publicKey), { alg: 'HS256' }, claims()));
      await refused(rsApp, signToken(ec.privateKey, claims(), { algorithm: 'ES256' }));
    });

    it.each([
      ['HS512', 'sha512'],
      ['HS384', 'sha384'],
      ['hs256', 'sha256'],
      ['HS256 ', 'sha256'],
    ])('refuses alg %j (not pinned) even with the real secret', async (alg, hash) => {
      await refused(hsApp, hmacToken(secret, { alg }, claims(), hash));
    });
  });

  describe('signature stripping and tampering', () => {
    const genuine = () => hs({ alg: 'HS256', typ: 'JWT' }, claims({ roles: ['viewer'] }));
    it.each<[string, (token: string) => string]>([
      ['an empty signature', (token) => token.split('.').slice(0, 2).join('.') + '.'],
      ['no signature segment', (token) => token.split('.').slice(0, 2).join('.')],
      ['a header swapped to alg none', (token) => `${b64({ alg: 'none' })}.${token.split('.')[1]}.`],
      ['a signature one character short', (token) => token.slice(0, -1)],
      ['a padded signature', (token) => `${token}=`],
      ['a signature with flipped case', (token) => token.replace(/[a-z](?=[^.]*$)/, (char) => char.toUpperCase())],
      [
        'the payload of another token',
        (token) => {
          const [head, , sig] = token.split('.');
          return `${head}.${b64(claims({ roles: ['admin'] }))}.${sig}`;
        },
      ],
      ['four segments', (token) => `${token}.c2ln`],
      ['five segments (JWE shape)', (token) => `${token}.c2ln.c2ln`],
    ])('refuses a token with %s', async (_name, tamper) => {
      await refused(hsApp, tamper(genuine()), '/admin');
    });
  });

  describe('ECDSA "psychic signatures" (CVE-2022-21449)', () => {
    const P256_ORDER = Buffer.from('FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551', 'hex');
    it.each<[string, Buffer]>([
      ['r = s = 0 (raw)', Buffer.alloc(64)],
      ['r = s = 0 (DER)', Buffer.from('3006020100020100', 'hex')],
      ['r = s = n (curve order)', Buffer.concat([P256_ORDER, P256_ORDER])],
      ['a single zero byte', Buffer.alloc(1)],
    ])('refuses an ES256 token whose signature is %s', async (_name, signature) => {
      await refused(esApp, `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64(claims({ roles: ['admin'] }))}.${signature.toString('base64url')}`, '/admin');
    });
  });

  describe('embedded and remote keys (RFC 8725 §3.10)', () => {
    const attackerJwk = attacker.publicKey.export({ format: 'jwk' });
    const attackerDer = attacker.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const signedByAttacker = (header: Record<string, unknown>) =>
      signToken(attacker.privateKey, claims({ roles: ['admin'] }), { algorithm: 'RS256', header: { alg: 'RS256', ...header } as never });

    it('refuses a token carrying its own jwk, signed with the matching private key', async () => {
      await refused(rsApp, signedByAttacker({ jwk: attackerJwk }), '/admin');
    });

    it('refuses x5c, and never fetches jku or x5u', async () => {
      await refused(rsApp, signedByAttacker({ x5c: [attackerDer] }), '/admin');
      await refused(rsApp, signedByAttacker({ jku: keyServerUrl }), '/admin');
      await refused(rsApp, signedByAttacker({ x5u: keyServerUrl }), '/admin');
      await refused(rsApp, signedByAttacker({ jku: keyServerUrl, kid: 'attacker' }), '/admin');
      expect(keyServerHits).toBe(0);
    });
  });

  describe('kid injection', () => {
    it.each<[string, unknown, string]>([
      ['path traversal to an empty file', '../../../../../../dev/null', ''],
      ['path traversal to /proc', '/proc/self/environ', 'PATH=/usr/bin'],
      ['SQL injection', "x' UNION SELECT 'attacker-secret' -- ", 'attacker-secret'],
      ['command injection', '|cat /etc/passwd', 'root'],
      ['a URL', 'https://attacker.example/key', 'attacker-secret'],
      ['a number', 42, 'attacker-secret'],
      ['an object', { $ne: null }, 'attacker-secret'],
    ])('refuses a kid holding %s, signed with the key it points at', async (_name, kid, attackerKey) => {
      await refused(hsApp, hmacToken(attackerKey, { alg: 'HS256', kid }, claims({ roles: ['admin'] })), '/admin');
    });
  });

  describe('nested tokens (RFC 7519 §5.2)', () => {
    it.each(['JWT', 'jwt', 'application/jwt', 'Application/JWT'])('refuses cty %j even when signed with the real secret', async (cty) => {
      await refused(hsApp, hs({ alg: 'HS256', cty }, claims()));
    });

    it('refuses a payload that is itself a (valid) token', async () => {
      const inner = hs({ alg: 'HS256' }, claims({ roles: ['admin'] }));
      await refused(hsApp, hs({ alg: 'HS256' }, JSON.stringify(inner)), '/admin');
      await refused(hsApp, hs({ alg: 'HS256' }, inner), '/admin');
    });
  });

  describe('critical headers (RFC 7515 §4.1.11)', () => {
    it.each<[string, Record<string, unknown>]>([
      ['crit naming a claim', { crit: ['exp'] }],
      ['an empty crit', { crit: [] }],
      ['crit b64 with an unencoded payload (RFC 7797)', { crit: ['b64'], b64: false }],
      ['crit naming an unknown extension', { crit: ['urn:attacker'], 'urn:attacker': true }],
      ['a zip header', { zip: 'DEF' }],
    ])('refuses %s, signed with the real secret', async (_name, header) => {
      await refused(hsApp, hs({ alg: 'HS256', ...header }, claims()));
    });
  });

  describe('repeated member names (RFC 7515 §5.2, RFC 7519 §4)', () => {
    const text = (body: string) => `{"aud":"${AUDIENCE}","iss":"${ISSUER}","exp":${now() + 3600},${body}}`;

    it('serves the same claims without repetition (control)', async () => {
      expect((await getWithBearer(hsApp, hs({ alg: 'HS256' }, text('"sub":"u1","roles":["admin"]')), '/admin')).status).toBe(200);
    });

    it.each([
      ['roles', '"sub":"u1","roles":["viewer"],"roles":["admin"]'],
      ['sub', '"sub":"u1","sub":"admin","roles":["admin"]'],
      ['sub, once escaped', '"sub":"u1","s\\u0075b":"admin","roles":["admin"]'],
      ['exp', `"sub":"u1","roles":["admin"],"exp":${now() - 3600}`],
      ['a nested member', '"sub":"u1","roles":["admin"],"realm_access":{"roles":["a"],"roles":["b"]}'],
    ])('refuses a validly signed payload repeating %s', async (_name, body) => {
      await refused(hsApp, hs({ alg: 'HS256' }, text(body)), '/admin');
    });

    it('refuses a header repeating alg', async () => {
      await refused(hsApp, hs('{"alg":"none","alg":"HS256"}', claims()));
      await refused(hsApp, hs('{"alg":"HS256","typ":"JWT","alg":"HS256"}', claims()));
    });
  });

  describe('claim type confusion (RFC 7519 §4.1)', () => {
    it.each<[string, Record<string, unknown>]>([
      ['aud as an object', { aud: { [AUDIENCE]: true } }],
      ['aud as a list holding a number', { aud: [AUDIENCE, 1] }],
      ['aud as a nested list', { aud: [[AUDIENCE]] }],
      ['exp as a string', { exp: '9999999999' }],
      ['exp as a list', { exp: [now() + 3600] }],
      ['exp as true', { exp: true }],
      ['exp as null', { exp: null }],
      ['nbf as a string', { nbf: '0' }],
      ['iat as an object', { iat: {} }],
      ['sub as an object', { sub: { id: 'admin' } }],
      ['sub as a list', { sub: ['admin'] }],
      ['sub as a boolean', { sub: true }],
      ['sub as a fraction', { sub: 1.5 }],
      ['iss as a list', { iss: [ISSUER] }],
      ['jti as a number', { jti: 7 }],
    ])('refuses %s, signed with the real secret', async (_name, override) => {
      await refused(hsApp, hs({ alg: 'HS256' }, claims(override)));
    });

    it('refuses an exp that overflows to Infinity', async () => {
      await refused(hsApp, hs({ alg: 'HS256' }, `{"sub":"u1","aud":"${AUDIENCE}","iss":"${ISSUER}","exp":1e400}`));
    });

    it('answers an expired token with token_expired, not a generic code', async () => {
      const token = hs({ alg: 'HS256' }, claims({ exp: now() - 60 }));
      await expectRefused(hsApp, () => getWithBearer(hsApp, token), { status: 401, code: 'token_expired' }, [token, secret]);
    });
  });
});

describe('algorithm confusion at startup', () => {
  it('refuses to boot with HS* algorithms next to a public key', async () => {
    const compile = Test.createTestingModule({
      imports: [AgentAuthModule.forRoot({ jwt: { publicKey: rsaPublicPem, algorithms: ['RS256', 'HS256'] } })],
    }).compile();
    await expect(compile).rejects.toThrow(/jwt\.algorithms: HS\* algorithms cannot be used with a public key/);
  });

  it('refuses to boot with alg none', async () => {
    const compile = Test.createTestingModule({
      imports: [AgentAuthModule.forRoot({ jwt: { secret, algorithms: ['none' as never] } })],
    }).compile();
    await expect(compile).rejects.toThrow(/jwt\.algorithms/);
  });
});
