import type { AbstractHttpAdapter } from '@nestjs/core';

/** The parts of an Express app and a Fastify instance that say how their router compares path letters. */
interface RouterInstance {
  /** Express 5: the app's router, created with `case sensitive routing` as it was set then. */
  readonly router?: { readonly caseSensitive?: unknown };
  /** Fastify: the options the instance was created with (`routerOptions` wins over the deprecated top-level option). */
  readonly initialConfig?: { readonly caseSensitive?: unknown; readonly routerOptions?: { readonly caseSensitive?: unknown } };
}

/**
 * Whether the running app's HTTP router matches paths case-sensitively, read from the router itself: Express's
 * router flag (`app.set('case sensitive routing', true)` before the router is created; off by default), Fastify's
 * `routerOptions.caseSensitive` or `caseSensitive` (on by default). Undefined when the app has no HTTP platform or
 * one that says nothing: the caller then picks the rule that fails closed.
 */
export function routerCaseSensitivity(adapter: AbstractHttpAdapter | undefined): boolean | undefined {
  const type = adapter?.getType();
  const instance = adapter?.getInstance<RouterInstance | undefined>();
  const config = instance?.initialConfig;
  const flag =
    type === 'express'
      ? instance?.router?.caseSensitive
      : type === 'fastify'
        ? (config?.routerOptions?.caseSensitive ?? config?.caseSensitive)
        : undefined;
  return typeof flag === 'boolean' ? flag : undefined;
}
