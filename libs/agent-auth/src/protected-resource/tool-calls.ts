import { AuthError } from '../errors/auth-error.js';

/** The JSON-RPC method whose tool the guard authorizes. */
export const TOOLS_CALL = 'tools/call';

const MALFORMED = new AuthError('invalid_request', { message: 'Malformed JSON-RPC request' });
const UNKNOWN_TOOL = new AuthError('unknown_tool');

/**
 * The tools a Streamable HTTP POST body calls: one JSON-RPC message or a batch, each a `"jsonrpc": "2.0"` object;
 * a `tools/call` must name its tool in `params.name`.
 * @returns the tool names (none when the body calls no tool), or 400 `invalid_request` for a body that is not
 * well-formed JSON-RPC (an empty batch, a non-object, a `tools/call` without a tool name).
 */
export function calledTools(body: unknown): string[] | AuthError {
  const messages = Array.isArray(body) ? body : [body];
  if (messages.length === 0) return MALFORMED;
  const tools: string[] = [];
  for (const message of messages) {
    if (!isRecord(message) || message.jsonrpc !== '2.0') return MALFORMED;
    if (message.method !== TOOLS_CALL) continue;
    const params = message.params;
    if (!isRecord(params) || typeof params.name !== 'string') return MALFORMED;
    tools.push(params.name);
  }
  return tools;
}

/**
 * The scopes the called tools need, added to `routeScopes`: undefined when the body calls none, 403 `unknown_tool`
 * when one is not in `tools` (an unlisted tool is never called unchecked), the body's 400 when it is malformed.
 */
export function toolCallScopes(
  body: unknown,
  tools: ReadonlyMap<string, readonly string[]>,
  routeScopes: readonly string[],
): readonly string[] | AuthError | undefined {
  const called = calledTools(body);
  if (called instanceof AuthError || called.length === 0) return called instanceof AuthError ? called : undefined;
  const scopes = new Set(routeScopes);
  for (const name of called) {
    const needed = tools.get(name);
    if (needed === undefined) return UNKNOWN_TOOL;
    for (const scope of needed) scopes.add(scope);
  }
  return [...scopes];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
