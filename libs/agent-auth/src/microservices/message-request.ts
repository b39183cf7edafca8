import type { IncomingHttpHeaders } from 'node:http';
import type { AuthRequest } from '../auth-context.js';

/** The payload field a message may carry its credential in, as an `Authorization` header value. */
export const MESSAGE_CREDENTIAL_FIELD = 'authorization';
const AUTHORIZATION = 'authorization';
/** A message no guard read (no guard applies to its handler): nothing to read, no principal. */
const UNREAD: AuthRequest = Object.freeze({ headers: Object.freeze({}) });

/** The transport context of a message (the handler's second argument), as far as the library reads it. */
interface RpcContextShape {
  /** TCP and Redis: the packet's metadata (`ClientProxy#setOnDispatchHook` sets `packet.metadata`). */
  getMetadata?(): unknown;
  /** TCP: the JSON socket the message came on. */
  getSocketRef?(): { readonly socket?: { readonly remoteAddress?: string } } | undefined;
}

/** A message seen as a request: its credentials as headers (every line, for the ambiguity check) and its peer. */
interface MessageRequest extends AuthRequest {
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: readonly string[];
}

/**
 * The request of each message, with its principal once the guard attached it: kept against the payload when it is
 * an object (every Nest transport deserializes a fresh one per message), else against the transport context, which
 * every Nest transport also creates per message (a primitive payload has no credential field to strip).
 */
const MESSAGES = new WeakMap<object, MessageRequest>();

/**
 * Reads a message's credentials once, before the decision: the packet metadata's entries as headers (names
 * lower-cased, string values only: `authorization`, `x-api-key` or the configured key header), then the payload's
 * {@link MESSAGE_CREDENTIAL_FIELD}, which is removed from the payload so the handler can neither echo nor log it. The
 * same credential sent both ways is ambiguous: two `authorization` lines, refused 400 `invalid_request` by the flow.
 * @throws Error for a message with neither an object payload nor a transport context object: no principal could
 * be attached to it, so it is refused.
 */
export function readMessage(payload: unknown, rpcContext: unknown): void {
  const key = messageKey(payload, rpcContext);
  if (key === payload && MESSAGES.has(key)) return;
  const headers = Object.create(null) as IncomingHttpHeaders;
  const rawHeaders: string[] = [];
  const add = (name: string, value: unknown) => {
    if (typeof value !== 'string') return;
    rawHeaders.push(name, value);
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else if (name !== AUTHORIZATION) headers[name] = `${String(previous)}, ${value}`;
  };
  const context = isObject(rpcContext) ? (rpcContext as RpcContextShape) : undefined;
  const metadata: unknown = typeof context?.getMetadata === 'function' ? context.getMetadata() : undefined;
  if (isObject(metadata)) for (const [name, value] of Object.entries(metadata)) add(name.toLowerCase(), value);
  if (isObject(payload) && Object.hasOwn(payload, MESSAGE_CREDENTIAL_FIELD)) {
    add(AUTHORIZATION, Reflect.get(payload, MESSAGE_CREDENTIAL_FIELD));
    Reflect.deleteProperty(payload, MESSAGE_CREDENTIAL_FIELD);
  }
  const ip = typeof context?.getSocketRef === 'function' ? context.getSocketRef()?.socket?.remoteAddress : undefined;
  MESSAGES.set(key, { headers, rawHeaders, ip });
}

/** The request {@link readMessage} made of a message, with its principal (none for a message no guard read). */
export function messageRequest(payload: unknown, rpcContext: unknown): AuthRequest {
  return MESSAGES.get(messageKey(payload, rpcContext)) ?? UNREAD;
}

function messageKey(payload: unknown, rpcContext: unknown): object {
  if (isObject(payload)) return payload;
  if (isObject(rpcContext)) return rpcContext;
  throw new Error('AgentAuthModule cannot authenticate a message with neither an object payload nor a transport context: the call is refused');
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
