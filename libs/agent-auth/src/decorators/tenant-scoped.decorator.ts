import { SetMetadata } from '@nestjs/common';
import type { TenantRequirement } from '../policy/route-policy.js';

/** Metadata key of {@link TenantScoped}. */
export const TENANT_SCOPED_KEY = 'agent-auth:tenant';

/** Where a tenant-scoped route names its tenant: a route param (a message field), or a request header. */
export type TenantSource = { readonly param: string } | { readonly header: string };

/**
 * The route acts inside the tenant it names: that value must equal the principal's `tenantId` (403 `wrong_tenant`
 * otherwise, also for a principal without a tenant or a request naming none). On a handler it replaces its class's.
 * @throws Error when the source names no param or header; a param the route does not declare fails at startup.
 * @example @TenantScoped({ param: 'tenantId' }) @Get('tenants/:tenantId/agents') list() {}
 * @example @TenantScoped({ header: 'x-tenant-id' }) @Controller('agents') class AgentsController {}
 */
export const TenantScoped = (source: TenantSource): MethodDecorator & ClassDecorator => {
  const requirement: TenantRequirement =
    'param' in source ? { source: 'param', name: source.param } : { source: 'header', name: String(source.header).toLowerCase() };
  if (typeof requirement.name !== 'string' || requirement.name === '') throw new Error('@TenantScoped() needs a param or a header name');
  return SetMetadata(TENANT_SCOPED_KEY, Object.freeze(requirement));
};
