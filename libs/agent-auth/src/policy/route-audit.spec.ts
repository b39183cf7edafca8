import { describe, expect, it } from '@jest/globals';
import { formatRouteTable } from './route-audit.js';

describe('formatRouteTable', () => {
  it('aligns one row per route under the column titles', () => {
    const table = formatRouteTable([
      { route: 'GET /health', handler: 'HealthController.check', access: 'public', strategies: [], roles: [], scopes: [] },
      {
        route: 'POST /agents/:id/deploy',
        handler: 'AgentsController.deploy',
        access: 'required',
        strategies: ['jwt', 'api-key'],
        roles: [{ roles: ['operator', 'admin'], match: 'any' }],
        scopes: ['agents:write'],
      },
      {
        route: 'POST /agents/:id/audit',
        handler: 'AgentsController.audit',
        access: 'required',
        strategies: ['jwt'],
        roles: [
          { roles: ['operator'], match: 'any' },
          { roles: ['auditor', 'security'], match: 'all' },
        ],
        scopes: [],
      },
    ]);
    expect(table.split('\n')).toEqual([
      'ROUTE                    ACCESS    STRATEGIES    ROLES                                         SCOPES        HANDLER',
      'GET /health              public    -             -                                             -             HealthController.check',
      'POST /agents/:id/deploy  required  jwt, api-key  any of operator, admin                        agents:write  AgentsController.deploy',
      'POST /agents/:id/audit   required  jwt           any of operator and all of auditor, security  -             AgentsController.audit',
    ]);
  });

  it('prints the titles alone when there is no route', () => {
    expect(formatRouteTable([])).toBe('ROUTE  ACCESS  STRATEGIES  ROLES  SCOPES  HANDLER');
  });
});
