import type { PathItemObject } from '@nestjs/swagger';

/** The fields of an OpenAPI path item that hold operations, one per HTTP method. */
export const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'] as const satisfies ReadonlyArray<
  keyof PathItemObject
>;

/** A param of a declared path: `:id`, `*path` (path-to-regexp), `:id?` and `:id(\\d+)` (Fastify). */
const DECLARED_PARAM = /[:*]([A-Za-z_$][A-Za-z0-9_$]*)(?:\([^)]*\))?\??/g;

/**
 * A declared route (`GET /agents/:id`, `GET /files{/*path}`) as the operation key an OpenAPI document gives it,
 * written the way @nestjs/swagger writes paths: params in braces, optional groups flattened (`get /files/{path}`).
 */
export function openApiOperationKey(route: string): string {
  const separator = route.indexOf(' ');
  const method = route.slice(0, separator).toLowerCase();
  const path = route
    .slice(separator + 1)
    .replace(/[{}]/g, '')
    .replace(DECLARED_PARAM, '{$1}');
  return `${method} ${path === '' ? '/' : path}`;
}
