import { describe, expect, it } from '@jest/globals';
import { parsePermissionTemplate } from '../authorization/permission.js';
import { formatRouteTable, type RouteAuditEntry } from './route-audit.js';

/** An entry with nothing but its route, handler and access, and what `fields` add. */
const entry = (route: string, handler: string, fields: Partial<RouteAuditEntry> = {}): RouteAuditEntry => ({
  route,
  handler,
  access: 'required',
  strategies: ['jwt'],
  roles: [],
  scopes: [],
  permissions: [],
  ownership: [],
  identity: [],
  rules: [],
  ...fields,
});

describe('formatRouteTable', () => {
  it('aligns one row per route under the column titles', () => {
    const table = formatRouteTable([
      entry('GET /health', 'HealthController.check', { access: 'public', strategies: [] }),
      entry('POST /agents/:id/deploy', 'AgentsController.deploy', {
        strategies: ['jwt', 'api-key'],
        roles: [{ roles: ['operator', 'admin'], match: 'any' }],
        scopes: ['agents:write'],
      }),
      entry('POST /agents/:id/audit', 'AgentsController.audit', {
        roles: [
          { roles: ['operator'], match: 'any' },
          { roles: ['auditor', 'security'], match: 'all' },
        ],
      }),
    ]);
    expect(table.split('\n')).toEqual([
      'ROUTE                    ACCESS    STRATEGIES    ROLES                                         SCOPES        PERMISSIONS  CHECKS  RULES  HANDLER',
      'GET /health              public    -             -                                             -             -            -       -      HealthController.check',
      'POST /agents/:id/deploy  required  jwt, api-key  any of operator, admin                        agents:write  -            -       -      AgentsController.deploy',
      'POST /agents/:id/audit   required  jwt           any of operator and all of auditor, security  -             -            -       -      AgentsController.audit',
    ]);
  });

  it('shows permissions, the tenant, ownership and identity checks, and the rules that apply', () => {
    const table = formatRouteTable([
      entry('POST /tenants/:tenantId/conversations/:id', 'ConversationsController.reply', {
        permissions: [
          { permissions: [parsePermissionTemplate('conversations:{id}:reply')], match: 'any' },
          { permissions: ['a:{id}', 'b'].map(parsePermissionTemplate), match: 'all' },
        ],
        tenant: { source: 'param', name: 'tenantId' },
        ownership: [{ resource: 'conversation', param: 'id' }],
        identity: [{ location: 'body', path: ['requestContext', 'userId'], principal: 'userId' }],
        rules: ['POST /tenants/**', '/**'],
      }),
    ]);
    expect(table.split('\n')[1].split(/ {2,}/)).toEqual([
      'POST /tenants/:tenantId/conversations/:id',
      'required',
      'jwt',
      '-',
      '-',
      'any of conversations:{id}:reply and all of a:{id}, b',
      'tenant param tenantId; owner of conversation :id; body.requestContext.userId is userId',
      'POST /tenants/**, /**',
      'ConversationsController.reply',
    ]);
  });

  it('prints the titles alone when there is no route', () => {
    expect(formatRouteTable([])).toBe('ROUTE  ACCESS  STRATEGIES  ROLES  SCOPES  PERMISSIONS  CHECKS  RULES  HANDLER');
  });
});
