import type { ProtectedResourceOptions } from '../options/protected-resource.options.js';
import type { WellKnownDocument } from '../well-known/well-known-document.js';
import { RESOURCE_METADATA_PREFIX } from './canonical-resource.js';
import { protectedResourceEntries } from './protected-resource-entry.js';
import { resourceMetadata } from './resource-metadata.js';

const DEFAULT_MAX_AGE_SECONDS = 3600;

/**
 * Where each resource's metadata is served (RFC 9728 §3.1): the path form `/.well-known/oauth-protected-resource<path>`,
 * which clients try first, then the root form `/.well-known/oauth-protected-resource`, which they fall back to and
 * which serves the resource that is the origin itself, else the first one.
 */
export function protectedResourceDocuments(resources: readonly ProtectedResourceOptions[] | undefined): WellKnownDocument[] {
  const entries = protectedResourceEntries(resources);
  const documents = entries.map((entry) => ({
    path: `${RESOURCE_METADATA_PREFIX}${entry.path}`,
    body: resourceMetadata(entry),
    maxAgeSeconds: entry.options.metadataMaxAge ?? DEFAULT_MAX_AGE_SECONDS,
  }));
  const root = documents.find((document) => document.path === RESOURCE_METADATA_PREFIX) ?? documents[0];
  return root === undefined || root.path === RESOURCE_METADATA_PREFIX ? documents : [...documents, { ...root, path: RESOURCE_METADATA_PREFIX }];
}
