import { BadRequestException, Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { validateSync } from 'class-validator';
import { AGENT_AUTH_OPTIONS, DEFAULT_REALM } from '../agent-auth.constants.js';
import { StrategyRegistry } from '../authentication/strategy.registry.js';
import { AuthContext } from '../decorators/auth-context.decorator.js';
import { UseAuth } from '../decorators/use-auth.decorator.js';
import { AuthError } from '../errors/auth-error.js';
import type { RefusalFormat } from '../errors/auth-refusal.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { ApiKeyStrategy } from '../strategies/api-key/api-key.strategy.js';
import { JwtStrategy } from '../strategies/jwt/jwt.strategy.js';
import { httpRefusal, type HttpResponse } from '../transports/http.transport.js';
import { AUTH_UNAVAILABLE } from './revocation-check.js';
import { RevocationRequest } from './revocation.request.js';
import { NotRevocableError, RevocationService } from './revocation.service.js';

/** Verifies a token as one kind of credential; a refusal when it is not a valid one of that kind. */
type TokenReader = (token: string) => AuthContext | AuthError | Promise<AuthContext | AuthError>;

/**
 * `POST /auth/revoke` (RFC 7009 request shape: form-encoded or JSON `token`, optional `token_type_hint`): the
 * authenticated caller revokes one of its own tokens (a JWT by `jti`, or an API key). 200 when revoked, and also when
 * the token is invalid, expired or revoked already (RFC 7009 §2.2); 403 `identity_mismatch` for another principal's
 * token; 400 `invalid_request` for a JWT without `jti`/`exp`; 503 `auth_unavailable` when the store is unreachable.
 * Registered with `AgentAuthModule.forRoot({ …, revocationRoute: true })`.
 */
@Controller('auth/revoke')
export class RevocationController {
  private readonly format: RefusalFormat;
  private readonly readers: ReadonlyMap<string, TokenReader>;

  constructor(
    private readonly revocations: RevocationService,
    strategies: StrategyRegistry,
    @Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions,
  ) {
    this.format = { realm: options.realm ?? DEFAULT_REALM, errorBody: options.errorBody };
    const readers = new Map<string, TokenReader>();
    for (const strategy of strategies.configured()) {
      if (strategy instanceof JwtStrategy) readers.set('access_token', (token) => strategy.verify(token));
      if (strategy instanceof ApiKeyStrategy) readers.set('api_key', (token) => strategy.verify(token));
    }
    this.readers = readers;
  }

  /** Revokes the caller's token named in the body. */
  @UseAuth()
  @Post()
  @HttpCode(200)
  async revoke(@AuthContext() caller: AuthContext, @Body() body: unknown, @Res({ passthrough: true }) response: HttpResponse): Promise<object> {
    const request = Object.assign(new RevocationRequest(), typeof body === 'object' && body !== null ? body : {});
    const problems = validateSync(request, { whitelist: true, forbidUnknownValues: true });
    if (problems.length > 0) throw invalidRequest(problems.flatMap((problem) => Object.values(problem.constraints ?? {})));
    const owner = await this.verify(request.token, request.token_type_hint);
    if (owner instanceof AuthError) {
      if (owner.code === 'auth_unavailable') throw httpRefusal(response, owner, this.format);
      return {};
    }
    if (owner.userId !== caller.userId)
      throw httpRefusal(response, new AuthError('identity_mismatch', { message: 'The token belongs to another principal' }), this.format);
    try {
      await this.revocations.revokeCredential(owner);
    } catch (error) {
      if (error instanceof NotRevocableError) throw invalidRequest([`token cannot be revoked: ${error.message}`]);
      throw httpRefusal(response, AUTH_UNAVAILABLE, this.format);
    }
    return {};
  }

  /** The principal the token authenticates, trying the hinted kind first; the most specific refusal otherwise. */
  private async verify(token: string, hint: string | undefined): Promise<AuthContext | AuthError> {
    const kinds = [...this.readers.keys()].sort((a, b) => Number(b === hint) - Number(a === hint));
    let refusal = new AuthError('invalid_token');
    for (const kind of kinds) {
      const outcome = await (this.readers.get(kind) as TokenReader)(token);
      if (!(outcome instanceof AuthError)) return outcome;
      if (outcome.outranks(refusal)) refusal = outcome;
    }
    return refusal;
  }
}

function invalidRequest(message: string[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'invalid_request', message });
}
