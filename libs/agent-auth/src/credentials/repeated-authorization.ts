import type { AuthRequest } from '../auth-context.js';

const AUTHORIZATION = 'authorization';

/**
 * Whether a request carries several `Authorization` header lines. Node keeps only the first in `headers`, while a
 * proxy in front may have read another: such a request is ambiguous and is refused (400 `invalid_request`).
 * Scans the raw header list (a handful of length comparisons); call it only when `headers.authorization` is set.
 */
export function repeatsAuthorization(request: AuthRequest): boolean {
  const lines = request.rawHeaders ?? request.raw?.rawHeaders;
  if (lines === undefined) return false;
  let seen = false;
  for (let i = 0; i < lines.length; i += 2) {
    const name = lines[i];
    if (name.length !== AUTHORIZATION.length || name.toLowerCase() !== AUTHORIZATION) continue;
    if (seen) return true;
    seen = true;
  }
  return false;
}
