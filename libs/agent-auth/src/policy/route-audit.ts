import type { IdentityBinding, OwnershipRequirement, PermissionRequirement, RoleRequirement, TenantRequirement } from './route-policy.js';
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
  /** From `@Roles` (`any`) and `@AllRoles` (`all`) on the class, then on the handler, then the rules': each must be met. */
  readonly roles: readonly RoleRequirement[];
  /** From `@Scopes` on the class and the handler, and the rules': all are needed. */
  readonly scopes: readonly string[];
  /** From `@Permissions` / `@AllPermissions` on the class, then on the handler, then the rules' (placeholders naming the route's params). */
  readonly permissions: readonly PermissionRequirement[];
  /** From `@TenantScoped`. */
  readonly tenant?: TenantRequirement;
  /** From `@OwnedResource`. */
  readonly ownership: readonly OwnershipRequirement[];
  /** From `@BindIdentity`. */
  readonly identity: readonly IdentityBinding[];
  /** The `rules` entries (their route patterns) that add to the route's requirements. */
  readonly rules: readonly string[];
}

const COLUMNS = ['ROUTE', 'ACCESS', 'STRATEGIES', 'ROLES', 'SCOPES', 'PERMISSIONS', 'CHECKS', 'RULES', 'HANDLER'] as const;

/**
 * The audit as a plain-text table, one route per line, for the startup log. `CHECKS` holds the tenant
 * (`tenant param tenantId`), ownership (`owner of conversation :id`) and identity bindings (`body.userId is userId`).
 */
export function formatRouteTable(entries: readonly RouteAuditEntry[]): string {
  const rows = entries.map((entry) => [
    entry.route,
    entry.access,
    entry.strategies.join(', ') || '-',
    entry.roles.map((requirement) => `${requirement.match} of ${requirement.roles.join(', ')}`).join(' and ') || '-',
    entry.scopes.join(' ') || '-',
    entry.permissions
      .map((requirement) => `${requirement.match} of ${requirement.permissions.map((template) => template.source).join(', ')}`)
      .join(' and ') || '-',
    checks(entry).join('; ') || '-',
    entry.rules.join(', ') || '-',
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

function checks(entry: RouteAuditEntry): string[] {
  return [
    ...(entry.tenant === undefined ? [] : [`tenant ${entry.tenant.source} ${entry.tenant.name}`]),
    ...entry.ownership.map((requirement) => `owner of ${requirement.resource} :${requirement.param}`),
    ...entry.identity.map((binding) => `${[binding.location, ...binding.path].join('.')} is ${binding.principal}`),
  ];
}
