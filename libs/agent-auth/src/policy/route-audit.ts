import type { RoleRequirement } from './route-policy.js';
import type { RouteAccess } from './route-policy.js';

/** One declared route and its effective policy, as `RoutePolicyRegistry.list()` reports it. */
export interface RouteAuditEntry {
  /** Method and full declared path: `GET /api/agents/:id`. */
  readonly route: string;
  /** The handler, as `Controller.method`. */
  readonly handler: string;
  /** Whether the route needs credentials. */
  readonly access: RouteAccess;
  /** Strategies tried, in order (none on a public route). */
  readonly strategies: readonly string[];
  /** From `@Roles` (`any`) and `@AllRoles` (`all`) on the class, then on the handler: each must be met. */
  readonly roles: readonly RoleRequirement[];
  /** From `@Scopes` on the class and the handler: all are needed. */
  readonly scopes: readonly string[];
}

const COLUMNS = ['ROUTE', 'ACCESS', 'STRATEGIES', 'ROLES', 'SCOPES', 'HANDLER'] as const;

/** The audit as a plain-text table, one route per line, for the startup log. */
export function formatRouteTable(entries: readonly RouteAuditEntry[]): string {
  const rows = entries.map((entry) => [
    entry.route,
    entry.access,
    entry.strategies.join(', ') || '-',
    entry.roles.map((requirement) => `${requirement.match} of ${requirement.roles.join(', ')}`).join(' and ') || '-',
    entry.scopes.join(' ') || '-',
    entry.handler,
  ]);
  const widths = COLUMNS.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS), ...rows.map(line)].join('\n');
}
