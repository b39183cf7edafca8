import { describe, expect, it } from '@jest/globals';
import { remoteUrlProblem } from './remote-url.js';

describe('remoteUrlProblem', () => {
  it.each([
    'https://auth.example.com/.well-known/jwks.json',
    'http://127.0.0.1:8080/jwks',
    'http://127.1.2.3/jwks',
    'http://localhost:3000/jwks',
    'http://[::1]:3000/jwks',
  ])('accepts %s', (url) => {
    expect(remoteUrlProblem(url)).toBeUndefined();
  });

  it.each([
    ['http://auth.example.com/jwks', /https/],
    ['http://127.0.0.1.evil.test/jwks', /https/],
    ['http://10.0.0.5/jwks', /allowInsecureHttp/],
    ['ftp://auth.example.com/jwks', /https/],
    ['file:///etc/passwd', /https/],
    ['/jwks', /absolute URL/],
    ['https://user:pass@auth.example.com/jwks', /credentials/],
  ])('refuses %s', (url, reason) => {
    expect(remoteUrlProblem(url)).toMatch(reason);
  });

  it('accepts plain http on any host only with allowInsecureHttp', () => {
    expect(remoteUrlProblem('http://keycloak:8080/realms/agents', true)).toBeUndefined();
    expect(remoteUrlProblem('ftp://keycloak/realms/agents', true)).toMatch(/https/);
  });
});
