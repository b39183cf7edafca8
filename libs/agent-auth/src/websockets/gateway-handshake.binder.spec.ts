import { describe, expect, it } from '@jest/globals';
import { WebSocketGateway } from '@nestjs/websockets';
import type { DiscoveryService } from '@nestjs/core';
import { Public } from '../decorators/public.decorator.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { routePolicy } from '../../../../test/support/route-policy.js';
import type { RoutePolicyRegistry } from '../policy/route-policy.registry.js';
import type { AuthFlow } from '../flow/auth-flow.js';
import { GatewayHandshakeBinder } from './gateway-handshake.binder.js';
import { GATEWAY_SERVER_HOOK, isGateway } from './websockets-support.js';

@WebSocketGateway({ path: '/odd' })
class OddGateway {}

@Public()
@WebSocketGateway({ path: '/open' })
class OpenGateway {}

const policy = (access: RoutePolicy['access']): RoutePolicy => routePolicy({ access, handler: 'OpenGateway' });

/** A binder over fake providers: each gateway's instance holds `server` where Nest would have put it. */
function binder(gateways: Array<{ type: new () => object; server: object | undefined; access: RoutePolicy['access'] }>) {
  const wrappers = gateways.map(({ type, server }) => ({ metatype: type, instance: Object.assign(new type(), { [GATEWAY_SERVER_HOOK]: server }) }));
  const discovery = { getProviders: () => wrappers } as unknown as DiscoveryService;
  const policies = {
    policyForGateway: (type: unknown) => policy(gateways.find((gateway) => gateway.type === type)!.access),
  } as unknown as RoutePolicyRegistry;
  return new GatewayHandshakeBinder({}, policies, {} as AuthFlow, discovery);
}

describe('GatewayHandshakeBinder', () => {
  it('asks Nest for the server of every gateway, through a server hook on its class', () => {
    binder([{ type: OddGateway, server: {}, access: 'required' }]);
    expect(isGateway(OddGateway)).toBe(true);
    expect(Reflect.getMetadata('websockets:is_socket', OddGateway.prototype, GATEWAY_SERVER_HOOK)).toBe(true);
  });

  it('fails at startup rather than leave a private gateway with an unknown server open', () => {
    expect(() => binder([{ type: OddGateway, server: {}, access: 'required' }]).onModuleInit()).toThrow(
      'cannot authenticate the handshake of gateway OddGateway',
    );
  });

  it('refuses to boot when Nest handed over no server for a private gateway, instead of skipping it', () => {
    expect(() => binder([{ type: OddGateway, server: undefined, access: 'required' }]).onModuleInit()).toThrow('gateway OddGateway has no server');
    expect(() => binder([{ type: OpenGateway, server: undefined, access: 'public' }]).onModuleInit()).not.toThrow();
  });

  it('leaves @Public() gateways alone', () => {
    expect(() => binder([{ type: OpenGateway, server: {}, access: 'public' }]).onModuleInit()).not.toThrow();
  });

  it('guards a server shared by a public and a private gateway', () => {
    const uses: unknown[] = [];
    const shared = { use: (middleware: unknown) => uses.push(middleware) };
    binder([
      { type: OpenGateway, server: shared, access: 'public' },
      { type: OddGateway, server: shared, access: 'required' },
    ]).onModuleInit();
    expect(uses).toHaveLength(1);
  });
});
