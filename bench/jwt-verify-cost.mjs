// Per-token cost of JWT verification (µs per token never seen before: the verified-token cache does not help).
//   npm run build:lib && node bench/jwt-verify-cost.mjs
// Part 1 compares two verifier libraries on the same tokens (the library uses jsonwebtoken for RS/PS/ES, jose for
// EdDSA, node:crypto for HS); part 2 measures the library's own `jwt` strategy end to end (pre-checks, routing,
// Passport, claims).
// AGENT_AUTH_DIST=<dir> points part 2 at another build of libs/agent-auth (e.g. an older commit) to compare.
import { createServer } from 'node:http';
import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import jsonwebtoken from 'jsonwebtoken';
import * as jose from 'jose';

const TOKENS = Number(process.env.TOKENS ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const dist = resolve(process.env.AGENT_AUTH_DIST ?? 'libs/agent-auth/dist');

/**
 * Best and median of ROUNDS passes over the tokens (the machine's noise only ever adds time). `prepare` returns the
 * verify function of one round: a fresh one each time when it caches what it verified.
 */
async function measure(label, tokens, prepare) {
  const rounds = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const verify = await prepare();
    const start = process.hrtime.bigint();
    for (let i = 0; i < tokens.length; i++) await verify(tokens[i]);
    if (round > 0) rounds.push(Number(process.hrtime.bigint() - start) / 1000 / tokens.length);
  }
  rounds.sort((a, b) => a - b);
  const [best, median] = [rounds[0], rounds[Math.floor(ROUNDS / 2)]];
  console.log(`${label.padEnd(44)} best ${best.toFixed(1).padStart(6)}  median ${median.toFixed(1).padStart(6)} µs/token`);
}

async function tokensFor(alg, privateKey, kid, count = TOKENS) {
  const tokens = [];
  for (let i = 0; i < count; i++) {
    tokens.push(
      await new jose.SignJWT({ sub: `user-${i}`, aud: 'agent-api', iss: 'https://idp.test' })
        .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
        .setExpirationTime('1h')
        .sign(privateKey),
    );
  }
  return tokens;
}

const secret = randomBytes(32);
const pairs = {
  HS256: { privateKey: createSecretKey(secret), publicKey: createSecretKey(secret) },
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  PS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  EdDSA: generateKeyPairSync('ed25519'),
};
const claims = { audience: 'agent-api', issuer: 'https://idp.test' };
const tokens = {};
for (const [alg, { privateKey }] of Object.entries(pairs)) tokens[alg] = await tokensFor(alg, privateKey, `${alg}-kid`);

console.log(`# 1. verifier libraries (${TOKENS} distinct tokens each)`);
for (const [alg, { publicKey }] of Object.entries(pairs)) {
  const jsonwebtokenVerify = (token) => jsonwebtoken.verify(token, publicKey, { algorithms: [alg], ...claims });
  const joseVerify = (token) => jose.jwtVerify(token, publicKey, { algorithms: [alg], ...claims });
  if (alg !== 'EdDSA') await measure(`jsonwebtoken.verify ${alg}`, tokens[alg], () => jsonwebtokenVerify);
  await measure(`jose.jwtVerify ${alg}`, tokens[alg], () => joseVerify);
}

console.log(`\n# 2. the library's jwt strategy (${dist})`);
const { JwtStrategy } = await import(pathToFileURL(`${dist}/strategies/jwt/jwt.strategy.js`).href);
const jwks = {
  keys: Object.entries(pairs)
    .filter(([alg]) => alg !== 'HS256')
    .map(([alg, { publicKey }]) => ({ ...publicKey.export({ format: 'jwk' }), kid: `${alg}-kid`, alg })),
};
const server = createServer((_request, response) => response.end(JSON.stringify(jwks)));
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const jwksUri = `http://127.0.0.1:${server.address().port}/jwks`;
const configs = [
  ['HS256 secret', 'HS256', { secret, ...claims }],
  ['RS256 public key', 'RS256', { publicKey: pairs.RS256.publicKey, algorithms: ['RS256'], ...claims }],
  ['RS256 JWKS', 'RS256', { jwksUri, algorithms: ['RS256'], ...claims }],
  ['ES256 JWKS', 'ES256', { jwksUri, algorithms: ['ES256'], ...claims }],
  ['EdDSA public key', 'EdDSA', { publicKey: pairs.EdDSA.publicKey, algorithms: ['EdDSA'], ...claims }],
  ['EdDSA JWKS', 'EdDSA', { jwksUri, algorithms: ['EdDSA'], ...claims }],
];
const warmUp = {};
for (const [alg, { privateKey }] of Object.entries(pairs)) [warmUp[alg]] = await tokensFor(alg, privateKey, `${alg}-kid`, 1);
for (const [label, alg, options] of configs) {
  /** A fresh strategy (empty verified-token cache), its keys already fetched with a token outside the measured set. */
  const fresh = async () => {
    const strategy = new JwtStrategy(options);
    await strategy.prepare?.();
    const outcome = await strategy.verify(warmUp[alg]);
    if (outcome === undefined || outcome instanceof Error) throw new Error('refused');
    return (token) => strategy.verify(token);
  };
  try {
    await fresh();
  } catch {
    console.log(`${`JwtStrategy ${label}`.padEnd(44)} (not supported by this build)`);
    continue;
  }
  await measure(`JwtStrategy ${label}`, tokens[alg], fresh);
}
server.close();
