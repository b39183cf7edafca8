import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { protectedResourceDocuments } from '../protected-resource/resource-documents.js';
import type { WellKnownDocument } from './well-known-document.js';

/**
 * Serves the module's public discovery documents (RFC 9728 protected resource metadata, and what other modules
 * {@link WellKnownRoutes.add | add}, as the A2A agent card) straight on the HTTP adapter,
 * at the root of the host whatever the app's global prefix, to anyone (no guard runs), with `Cache-Control` and
 * `Access-Control-Allow-Origin: *` (browser clients discover them too). Registered once the app's own routes are
 * (Nest runs `onModuleInit` after its router), before its not-found handler; an app without an HTTP adapter serves none.
 */
@Injectable()
export class WellKnownRoutes implements OnModuleInit {
  private readonly logger = new Logger('AgentAuthModule');
  private readonly documents: WellKnownDocument[];

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.documents = [...protectedResourceDocuments(options.protectedResources)];
  }

  /** Serves one more document; call it from a provider's constructor (the routes are registered at `onModuleInit`). */
  add(document: WellKnownDocument): void {
    this.documents.push(document);
  }

  onModuleInit(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter === undefined || this.documents.length === 0) return;
    const served = new Set<string>();
    for (const document of this.documents) {
      if (served.has(document.path)) continue;
      served.add(document.path);
      const cacheControl = `public, max-age=${document.maxAgeSeconds}`;
      adapter.get(document.path, (_request: unknown, response: unknown) => {
        adapter.setHeader(response, 'Cache-Control', cacheControl);
        adapter.setHeader(response, 'Access-Control-Allow-Origin', '*');
        adapter.reply(response, document.body, 200);
      });
    }
    this.logger.log(`Serving ${[...served].join(', ')}`);
  }
}
