import { Inject, Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AuthContext, AuthRequest } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import type { OwnershipRequirement, PermissionRequirement, PredicateRequirement, RoutePolicy, TenantRequirement } from '../policy/route-policy.js';
import type { CallInput } from '../transports/auth-transport.js';
import type { DecisionRecord } from './decision-record.js';
import { fillIdentity, identityField, mismatchedIdentity } from './identity-binding.js';
import { OwnershipResolver } from './ownership-resolver.js';
import { fillPermission, holdsPermission, type RolePermissions } from './permission.js';
import type { RoutePredicate } from './route-predicate.js';

const INSUFFICIENT_PERMISSION = new AuthError('insufficient_permission');
const WRONG_TENANT = new AuthError('wrong_tenant');
const IDENTITY_MISMATCH = new AuthError('identity_mismatch');
const NO_CALL_TENANT = new AuthError('wrong_tenant', { message: 'The request names no tenant' });

/** What authorization decided for one call: the refusal, if any. */
type Verdict = AuthError | undefined;

/**
 * Authorization beyond roles and scopes, for an authenticated principal, before the handler runs: permissions
 * (`@Permissions`, rules), the tenant (`@TenantScoped`), client-sent identity (`@BindIdentity`), ownership
 * (`@OwnedResource`) and the rules' predicates, in that order; the first refusal ends it. Once all pass, bound identity fields the client
 * left out are filled from the principal. Decisions go to the call's {@link DecisionRecord} when events are reported.
 */
@Injectable()
export class RouteAuthorization implements OnModuleInit {
  private readonly roleMap?: RolePermissions;
  private readonly hidden: AuthError;
  private resolver?: OwnershipResolver;
  /** The rules' predicate classes, as the app provides them (found at startup by the route audit). */
  private readonly predicates = new Map<Type, RoutePredicate>();

  constructor(
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
    private readonly moduleRef: ModuleRef,
  ) {
    this.roleMap = options.rolePermissions;
    this.hidden = new AuthError(options.ownershipRefusal === 403 ? 'not_owner' : 'not_found');
  }

  /** Finds the app's {@link OwnershipResolver}, in whichever module provides it (before the route audit runs). */
  onModuleInit(): void {
    try {
      this.resolver = this.moduleRef.get<OwnershipResolver>(OwnershipResolver, { strict: false });
    } catch {
      this.resolver = undefined;
    }
  }

  /** Whether the app provides an {@link OwnershipResolver} (the route audit refuses `@OwnedResource` without one). */
  get resolvesOwnership(): boolean {
    return this.resolver !== undefined;
  }

  /**
   * Finds the app's instance of a rule's predicate class, in whichever module provides it, for the calls to come.
   * @returns whether one is provided (the route audit refuses to boot otherwise).
   */
  resolvesPredicate(type: Type): boolean {
    if (this.predicates.has(type)) return true;
    try {
      this.predicates.set(type, this.moduleRef.get<RoutePredicate>(type, { strict: false }));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Decides one call of an authenticated principal on a route that {@link RoutePolicy.authorizes}.
   * @param record collects the checks' decisions for the auth event, when one is reported.
   * @returns the refusal, or undefined when the call may go on.
   */
  authorize(
    route: RoutePolicy,
    auth: AuthContext,
    input: CallInput,
    request: AuthRequest,
    record: DecisionRecord | undefined,
  ): Verdict | Promise<Verdict> {
    for (const requirement of route.permissions) {
      const refusal = this.checkPermissions(requirement, auth, input, record);
      if (refusal !== undefined) return refusal;
    }
    if (route.tenant !== undefined) {
      const refusal = checkTenant(route.tenant, auth, input, request, record);
      if (refusal !== undefined) return refusal;
    }
    const mismatch = mismatchedIdentity(route.identity, input, auth);
    if (mismatch !== undefined) {
      record?.add({
        check: 'identity',
        outcome: 'refused',
        subject: identityField(mismatch),
        reason: `differs from the principal's ${mismatch.principal}`,
      });
      return IDENTITY_MISMATCH;
    }
    return checkEach(
      route.ownership,
      (requirement) => this.checkOwnership(route, requirement, auth, input, record),
      () =>
        checkEach(
          route.predicates,
          (requirement) => this.checkPredicate(route, requirement, auth, input, request, record),
          () => this.admit(route, auth, input, record),
        ),
    );
  }

  /** Fills the identity fields the client left out; the call is admitted. */
  private admit(route: RoutePolicy, auth: AuthContext, input: CallInput, record: DecisionRecord | undefined): undefined {
    if (route.identity.length === 0) return undefined;
    fillIdentity(route.identity, input, auth);
    if (record?.keeps(false)) {
      for (const binding of route.identity)
        record.add({ check: 'identity', outcome: 'granted', subject: identityField(binding), reason: 'matches the principal' });
    }
    return undefined;
  }

  /** One `@Permissions` (any of) or `@AllPermissions` (all of) requirement. */
  private checkPermissions(requirement: PermissionRequirement, auth: AuthContext, input: CallInput, record: DecisionRecord | undefined): Verdict {
    const filled = requirement.permissions.map((template) => fillPermission(template, (param) => input.params[param]));
    const held = filled.map((permission) => permission !== undefined && holdsPermission(auth, permission, this.roleMap));
    const granted = requirement.match === 'all' ? held.every(Boolean) : held.some(Boolean);
    if (record?.keeps(!granted)) {
      const subject = filled
        .map((permission, index) => permission?.join(':') ?? requirement.permissions[index].source)
        .join(requirement.match === 'all' ? ' & ' : ' | ');
      record.add({
        check: 'permission',
        outcome: granted ? 'granted' : 'refused',
        subject,
        reason: granted ? 'held by the principal' : 'not held by the principal',
      });
    }
    return granted ? undefined : INSUFFICIENT_PERMISSION;
  }

  /** One `@OwnedResource`, with one resolver call: the principal's own, or passed by a bypass permission. */
  private checkOwnership(
    route: RoutePolicy,
    requirement: OwnershipRequirement,
    auth: AuthContext,
    input: CallInput,
    record: DecisionRecord | undefined,
  ): Verdict | Promise<Verdict> {
    const id = resourceId(input.params[requirement.param]);
    const subject = `${requirement.resource} ${id ?? '(none)'}`;
    if (id === undefined) return this.refuseOwnership(subject, 'no id in the request', record);
    if (this.bypasses(requirement, auth, input)) {
      if (record?.keeps(false)) record.add({ check: 'ownership', outcome: 'bypassed', subject, reason: `permission ${requirement.bypass?.source}` });
      return undefined;
    }
    if (this.resolver === undefined) throw new Error(`AgentAuthModule: ${route.handler} has @OwnedResource() but no OwnershipResolver is provided`);
    const owner = this.resolver.owner(requirement.resource, id, auth);
    const judge = (resolved: Awaited<typeof owner>): Verdict => {
      if (resolved === undefined || resolved === null) return this.refuseOwnership(subject, 'no such resource', record);
      if (resolved.ownerId !== auth.userId) return this.refuseOwnership(subject, 'owned by another principal', record);
      if (resolved.tenantId !== undefined && resolved.tenantId !== auth.tenantId) return this.refuseOwnership(subject, 'in another tenant', record);
      if (record?.keeps(false)) record.add({ check: 'ownership', outcome: 'granted', subject, reason: 'owned by the principal' });
      return undefined;
    };
    return owner instanceof Promise ? owner.then(judge) : judge(owner);
  }

  /**
   * One rule's predicate: only `true` passes, anything else is 403 `insufficient_permission`; what it throws
   * propagates (a server fault, never a pass).
   */
  private checkPredicate(
    route: RoutePolicy,
    requirement: PredicateRequirement,
    auth: AuthContext,
    input: CallInput,
    request: AuthRequest,
    record: DecisionRecord | undefined,
  ): Verdict | Promise<Verdict> {
    const predicate = this.predicates.get(requirement.predicate);
    if (predicate === undefined) throw new Error(`AgentAuthModule: ${route.handler}: ${requirement.predicate.name} was not resolved at startup`);
    const answer = predicate.authorize(auth, { route: requirement.rule, method: request.method, params: ruleParams(requirement, input) });
    const judge = (granted: unknown): Verdict => {
      const by = requirement.predicate.name;
      if (granted !== true) {
        record?.add({ check: 'rule', outcome: 'refused', subject: requirement.rule, reason: `refused by ${by}` });
        return INSUFFICIENT_PERMISSION;
      }
      if (record?.keeps(false)) record.add({ check: 'rule', outcome: 'granted', subject: requirement.rule, reason: `granted by ${by}` });
      return undefined;
    };
    return answer instanceof Promise ? answer.then(judge) : judge(answer);
  }

  private bypasses(requirement: OwnershipRequirement, auth: AuthContext, input: CallInput): boolean {
    if (requirement.bypass === undefined) return false;
    const permission = fillPermission(requirement.bypass, (param) => input.params[param]);
    return permission !== undefined && holdsPermission(auth, permission, this.roleMap);
  }

  /** Missing and not yours answer the same (404 `not_found`, or 403 `not_owner` with `ownershipRefusal: 403`). */
  private refuseOwnership(subject: string, reason: string, record: DecisionRecord | undefined): AuthError {
    record?.add({ check: 'ownership', outcome: 'refused', subject, reason });
    return this.hidden;
  }
}

/**
 * Checks `requirements` in order, each answering at once or with a promise, until one refuses; then `done()`. A
 * path where every check answers at once creates no promise.
 */
function checkEach<T>(
  requirements: readonly T[],
  check: (requirement: T) => Verdict | Promise<Verdict>,
  done: () => Verdict | Promise<Verdict>,
): Verdict | Promise<Verdict> {
  const from = (start: number): Verdict | Promise<Verdict> => {
    for (let index = start; index < requirements.length; index++) {
      const verdict = check(requirements[index]);
      if (verdict instanceof Promise) return verdict.then((settled) => (settled === undefined ? from(index + 1) : settled));
      if (verdict !== undefined) return verdict;
    }
    return done();
  };
  return from(0);
}

/** `@TenantScoped`: the tenant the call names (param or header) must be the principal's. */
function checkTenant(
  requirement: TenantRequirement,
  auth: AuthContext,
  input: CallInput,
  request: AuthRequest,
  record: DecisionRecord | undefined,
): Verdict {
  const named = requirement.source === 'param' ? resourceId(input.params[requirement.name]) : singleHeader(request.headers[requirement.name]);
  const subject = `${requirement.source} ${requirement.name}`;
  if (named === undefined) {
    record?.add({ check: 'tenant', outcome: 'refused', subject, reason: 'the request names no tenant' });
    return NO_CALL_TENANT;
  }
  const granted = auth.tenantId !== undefined && auth.tenantId === named;
  if (record?.keeps(!granted)) {
    const reason = granted
      ? `tenant ${named}`
      : auth.tenantId === undefined
        ? 'the principal has no tenant'
        : `tenant ${named} is not the principal's`;
    record.add({ check: 'tenant', outcome: granted ? 'granted' : 'refused', subject, reason });
  }
  return granted ? undefined : WRONG_TENANT;
}

/** The params a rule's predicate reads, named as in its pattern: the declared param's value, or the route's literal. */
function ruleParams(requirement: PredicateRequirement, input: CallInput): Readonly<Record<string, unknown>> {
  const values = Object.entries(requirement.params).map(([name, segment]) => [
    name,
    'param' in segment ? input.params[segment.param] : segment.literal,
  ]);
  return Object.freeze(Object.fromEntries(values));
}

/** A param's value as an id: a non-empty string, or a finite number (message payloads). */
function resourceId(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
