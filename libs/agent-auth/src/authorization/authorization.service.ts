import { Inject, Injectable } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS, DEFAULT_REALM } from '../agent-auth.constants.js';
import { AuthError } from '../errors/auth-error.js';
import type { RefusalFormat } from '../errors/auth-refusal.js';
import type { AuthorizationDecision } from '../events/auth-event.js';
import { AuthEventEmitter } from '../events/auth-event.emitter.js';
import { defaultClientIp } from '../flow/client-ip.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { PermissionTemplate } from '../policy/route-policy.js';
import { NoPrincipalError } from '../principal/no-principal.error.js';
import { principalStorage, type PrincipalScope } from '../principal/principal-scope.js';
import { transportFor } from '../transports/transports.js';
import { BoundedCache } from '../util/bounded-cache.js';
import { fillPermission, holdsPermission, parsePermissionTemplate, type RolePermissions } from './permission.js';

const INSUFFICIENT_PERMISSION = new AuthError('insufficient_permission');
/** Parsed permission templates kept at most: tool code names few, but may build them from data. */
const TEMPLATE_CACHE_SIZE = 1024;

/**
 * Permission checks inside the code a request runs (agent tools, services), against the current principal (see
 * `currentAuth()`): `agents:{id}:run` filled from `values`, held by the principal itself or through its roles
 * (`rolePermissions`). A refusal reaches the client the transport's way; every decision is an auth event of the
 * route being served.
 */
@Injectable()
export class AuthorizationService {
  private readonly format: RefusalFormat;
  private readonly roleMap?: RolePermissions;
  private readonly templates = new BoundedCache<PermissionTemplate>(TEMPLATE_CACHE_SIZE);

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
    private readonly events: AuthEventEmitter,
  ) {
    this.format = { realm: options.realm ?? DEFAULT_REALM, errorBody: options.errorBody };
    this.roleMap = options.rolePermissions;
  }

  /**
   * Whether the current principal holds `permission` (its `{param}` placeholders filled from `values`).
   * `false` outside a request and on a route with no principal.
   * @throws Error when `permission` cannot be parsed (a `*`, a space, a placeholder that is not a whole segment).
   */
  can(permission: string, values: Readonly<Record<string, string>> = {}): boolean {
    const scope = principalStorage.getStore();
    return scope !== undefined && this.decide(scope, permission, values) === undefined;
  }

  /**
   * Refuses the call unless the current principal holds `permission`: throws what the transport delivers (over HTTP
   * a 403 `insufficient_permission` with our body; in an `@Sse()` stream, its last event).
   * @throws NoPrincipalError outside a request: no one to check.
   */
  assert(permission: string, values: Readonly<Record<string, string>> = {}): void {
    const scope = principalStorage.getStore();
    if (scope === undefined) throw new NoPrincipalError(`AuthorizationService.assert(${JSON.stringify(permission)})`);
    const refusal = this.decide(scope, permission, values);
    if (refusal !== undefined) throw transportFor(scope.context).refusal(scope.context, refusal, this.format);
  }

  /** Checks one permission and reports the decision; returns the refusal, or undefined when granted. */
  private decide(scope: PrincipalScope, permission: string, values: Readonly<Record<string, string>>): AuthError | undefined {
    const filled = fillPermission(this.template(permission), (param) => (Object.hasOwn(values, param) ? values[param] : undefined));
    const granted = scope.auth !== undefined && filled !== undefined && holdsPermission(scope.auth, filled, this.roleMap);
    const refusal = granted ? undefined : INSUFFICIENT_PERMISSION;
    if (granted ? this.events.reportsSuccesses : this.events.reportsRefusals) {
      const decision: AuthorizationDecision = {
        check: 'permission',
        outcome: granted ? 'granted' : 'refused',
        subject: filled?.join(':') ?? permission,
        reason: granted
          ? 'held by the principal'
          : scope.auth === undefined
            ? 'no principal'
            : filled === undefined
              ? 'a value is missing'
              : 'not held by the principal',
      };
      const clientIp = defaultClientIp(transportFor(scope.context).request(scope.context));
      this.events.report(scope.route, undefined, clientIp, scope.auth, refusal, [decision]);
    }
    return refusal;
  }

  private template(permission: string): PermissionTemplate {
    const cached = this.templates.get(permission, 0);
    if (cached !== undefined) return cached;
    const parsed = parsePermissionTemplate(permission);
    this.templates.set(permission, parsed, Infinity);
    return parsed;
  }
}
