/** Where RFC 9728 puts protected resource metadata, before the resource's own path. */
export const RESOURCE_METADATA_PREFIX = '/.well-known/oauth-protected-resource';

/** Hosts on which a resource may use plain `http:` (development on the same machine). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a URI is not a canonical resource identifier (RFC 8707 §2, as the MCP authorization specification writes
 * it: an absolute `https:` URI, `http:` on a loopback host only, lowercase scheme and host, no default port, no
 * userinfo, query, fragment or trailing slash), or undefined when it is one.
 */
export function canonicalResourceProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${JSON.stringify(uri)} is not an absolute URI`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    return `${JSON.stringify(uri)} must use https: (http: only on localhost, 127.0.0.1 or [::1])`;
  }
  const canonical = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  if (uri !== canonical || url.search !== '' || url.hash !== '') {
    return `${JSON.stringify(uri)} is not canonical (RFC 8707: lowercase scheme and host, no default port, userinfo, query, fragment or trailing slash): write ${JSON.stringify(canonical)}`;
  }
  return undefined;
}

/** The path of a canonical resource URI: `/mcp` for `https://agents.example.com/mcp`, `''` for an origin. */
export function resourcePath(uri: string): string {
  const path = new URL(uri).pathname;
  return path === '/' ? '' : path;
}

/** The URL of a resource's metadata document (RFC 9728 §3.1): the well-known prefix, then the resource's path. */
export function resourceMetadataUrl(uri: string): string {
  return `${new URL(uri).origin}${RESOURCE_METADATA_PREFIX}${resourcePath(uri)}`;
}
