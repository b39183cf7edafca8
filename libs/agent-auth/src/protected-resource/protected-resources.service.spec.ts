import { describe, expect, it } from '@jest/globals';
import type { AuthContext } from '../auth-context.js';
import { validateAgentAuthOptions } from '../options/validate-options.js';
import { ProtectedResources } from './protected-resources.service.js';

const URI = 'https://agents.example.test/mcp';
const resources = new ProtectedResources(
  validateAgentAuthOptions({
    jwt: { secret: 'x'.repeat(32) },
    protectedResources: [
      { resource: URI, authorizationServers: ['https://auth.example.test'], scopes: ['mcp:tools'], tools: { list: [], run: ['agents:execute'] } },
    ],
  }),
);
const TOOLS = [{ name: 'list' }, { name: 'run' }, { name: 'unlisted' }];
const principal = (aud: unknown, scopes: string[]): AuthContext => ({ userId: 'u1', method: 'jwt', roles: [], scopes, claims: { aud } });

describe('ProtectedResources.callableTools', () => {
  it('lists the tools whose scopes the principal holds, never an unlisted tool', () => {
    expect(resources.callableTools(URI, TOOLS, principal(URI, ['mcp:tools']))).toEqual([{ name: 'list' }]);
    expect(resources.callableTools(URI, TOOLS, principal([URI], ['mcp:tools', 'agents:execute']))).toEqual([{ name: 'list' }, { name: 'run' }]);
  });

  it('lists nothing for a token meant for another resource, or with no principal', () => {
    expect(resources.callableTools(URI, TOOLS, principal('https://other.example.test', ['mcp:tools', 'agents:execute']))).toEqual([]);
    expect(resources.callableTools(URI, TOOLS, undefined)).toEqual([]);
  });

  it('serves the metadata document and refuses an unknown resource', () => {
    expect(resources.metadata(URI).resource).toBe(URI);
    expect(() => resources.metadata('https://nope.example.test')).toThrow(/not one of the protectedResources/);
  });
});
