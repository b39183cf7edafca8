import type { IncomingHttpHeaders } from 'node:http';
import type { AuthRequest } from '../auth-context.js';

/**
 * A graphql-ws `connection_init` seen as a GET request the strategies can read: every string entry of the client's
 * `connectionParams` is a header (`{ authorization: 'Bearer …' }`, `{ 'x-api-key': '…' }`; names are
 * case-insensitive, so `Authorization` and `authorization` together are two header lines: ambiguous). The upgrade's
 * own headers are not read: browsers cannot set them, and mixing two sources of credentials would be ambiguous.
 */
export function connectionParamsRequest(params: unknown, upgrade: { readonly url?: string; readonly ip?: string }): AuthRequest {
  const headers: IncomingHttpHeaders = {};
  const rawHeaders: string[] = [];
  if (typeof params === 'object' && params !== null) {
    for (const [name, value] of Object.entries(params)) {
      if (typeof value !== 'string') continue;
      headers[name.toLowerCase()] ??= value;
      rawHeaders.push(name, value);
    }
  }
  return { headers, rawHeaders, method: 'GET', url: upgrade.url, ip: upgrade.ip };
}
