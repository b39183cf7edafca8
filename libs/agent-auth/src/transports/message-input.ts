import type { CallInput } from './auth-transport.js';

/**
 * The input of a message (WebSocket, microservices) or a resolver's arguments (GraphQL): its fields are the params,
 * the object itself is the body. A payload that is not an object has no params.
 */
export function messageInput(payload: unknown): CallInput {
  const params = typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
  return { params, fields: { body: payload } };
}
