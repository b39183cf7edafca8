import type { Type } from '@nestjs/common';

/**
 * `@nestjs/websockets`, loaded only when the app has it (every gateway needs it): HTTP-only apps do not.
 * The library declares it as an optional peer dependency, so the instance is the app's own (for `instanceof`).
 */
const websockets = await import('@nestjs/websockets').catch(() => undefined);
const constants = websockets && (await import('@nestjs/websockets/constants.js'));

/** The property through which Nest hands the library each gateway's server (as it does for `@WebSocketServer()`). */
export const GATEWAY_SERVER_HOOK = '__agentAuthGatewayServer';

/** Whether a provider class is a `@WebSocketGateway()`. */
export function isGateway(type: unknown): type is Type {
  return constants !== undefined && typeof type === 'function' && Reflect.getMetadata(constants.GATEWAY_METADATA, type) !== undefined;
}

/**
 * Asks Nest to assign the gateway's server to {@link GATEWAY_SERVER_HOOK} when it creates it, exactly as
 * `@WebSocketServer()` does for a property the gateway declares.
 */
export function declareServerHook(gateway: Type): void {
  websockets?.WebSocketServer()(gateway.prototype as object, GATEWAY_SERVER_HOOK);
}

/** The server Nest assigned to a gateway instance, once gateways are connected (from `onModuleInit` on). */
export function gatewayServer(instance: unknown): object | undefined {
  const server: unknown = typeof instance === 'object' && instance !== null ? Reflect.get(instance, GATEWAY_SERVER_HOOK) : undefined;
  return typeof server === 'object' && server !== null ? server : undefined;
}

/** A `WsException` carrying `body`: Nest's gateway exception filter sends it to the client as an `exception` event. */
export function wsException(body: object): Error {
  if (websockets === undefined) return Object.assign(new Error('WebSocket refusal'), { body });
  return new websockets.WsException(body);
}
