import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VersioningType, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type SecurityRequirementObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { Validator } from '@seriousme/openapi-schema-validator';
import {
  AgentAuthModule,
  generateApiKey,
  OwnershipResolver,
  RoutePolicyRegistry,
  type AgentAuthModuleOptions,
  type RouteAuditEntry,
} from 'nest-agent-auth';
import { applyAgentAuthSecurity } from 'nest-agent-auth/swagger';
import { AppModule } from '../../src/app.module.js';
import { demoAuthConfig } from '../../src/auth.config.js';
import { ConversationOwnership } from '../fixtures/authorization.fixture.js';
import {
  CatalogueFixtureController,
  OwnedConversationsFixtureController,
  PrivateStatusFixtureController,
  PublicStatusFixtureController,
} from '../fixtures/openapi.fixture.js';
import { TestHeaderStrategy } from '../fixtures/test-header.strategy.js';
import { CapturedLogger } from '../support/captured-logger.js';
import { PROVIDER_ALGORITHMS, PROVIDER_AUDIENCE, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.js';
import { PLATFORMS, startTestApp, type TestApp } from '../support/test-app.js';
import { newSecret } from '../support/tokens.js';

/** Every operation of a document, keyed `GET /agents/{id}`. */
function operationsOf(document: OpenAPIObject): Map<string, Record<string, unknown>> {
  const operations = new Map<string, Record<string, unknown>>();
  for (const [path, item] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(item)) operations.set(`${method.toUpperCase()} ${path}`, operation as Record<string, unknown>);
  return operations;
}

/** A declared route (`GET /agents/:id`) as the document keys its operation. */
const documentKey = (route: string) => route.replace(/:(\w+)/g, '{$1}');

/** Whether a document is a valid OpenAPI document (the validator runs offline, on the object given). */
async function expectValid(document: OpenAPIObject): Promise<void> {
  const result = await new Validator().validate(structuredClone(document) as unknown as Parameters<Validator['validate']>[0]);
  expect(result).toEqual({ valid: true });
}

const AUTH_ERROR_BODY = { content: { 'application/json': { schema: { $ref: '#/components/schemas/AuthError' } } } };

describe.each(PLATFORMS)('the OpenAPI security of the demo on %s', (platform) => {
  const env = { JWT_SECRET: newSecret(), JWT_AUDIENCE: 'agent-api', TELEGRAM_SECRET_TOKEN: 'telegram-secret-token-0123', TELEGRAM_USER_IDS: '42' };
  const telegram = { type: 'apiKey' as const, in: 'header', name: 'X-Telegram-Bot-Api-Secret-Token' };
  /** The requirements each strategy the demo uses is satisfied by, given the route's scopes. */
  const requirementsOf: Record<string, (scopes: readonly string[]) => SecurityRequirementObject[]> = {
    jwt: (scopes) => [{ bearer: [...scopes] }],
    'api-key': () => [{ apiKey: [] }],
    ticket: () => [{ streamTicket: [] }],
    'allowlist:telegram': () => [{ allowlist_telegram: [] }],
  };
  const expectedSecurity = (entry: RouteAuditEntry) =>
    entry.access === 'public'
      ? []
      : [...entry.strategies.flatMap((strategy) => requirementsOf[strategy](entry.scopes)), ...(entry.access === 'optional' ? [{}] : [])];
  let server: TestApp;
  let document: OpenAPIObject;
  let routes: RouteAuditEntry[];

  beforeAll(async () => {
    server = await startTestApp(platform, { imports: [AppModule.register(demoAuthConfig(env), platform)] }, { rawBody: true });
    const plain = SwaggerModule.createDocument(server.app, new DocumentBuilder().setTitle('Demo agent server').build());
    document = applyAgentAuthSecurity(server.app, plain, { strategySchemes: { 'allowlist:telegram': telegram } });
    routes = server.app.get(RoutePolicyRegistry).list();
  });
  afterAll(() => server.close());

  it('is a valid OpenAPI document', async () => {
    await expectValid(document);
  });

  it('registers the configured schemes, the stream ticket and the described webhook strategy', () => {
    expect(document.components?.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      apiKey: expect.objectContaining({
        type: 'apiKey',
        in: 'header',
        name: 'x-api-key',
        description: expect.stringContaining('`Authorization: ApiKey <key>`'),
      }),
      streamTicket: expect.objectContaining({ type: 'apiKey', in: 'query', name: 'ticket' }),
      allowlist_telegram: telegram,
    });
  });

  it('has one operation per declared route, each with the security its policy enforces', () => {
    const operations = operationsOf(document);
    expect(routes.length).toBeGreaterThan(10);
    expect([...operations.keys()].sort()).toEqual(routes.map((entry) => documentKey(entry.route)).sort());
    for (const entry of routes) {
      expect({ route: entry.route, security: operations.get(documentKey(entry.route))?.security }).toEqual({
        route: entry.route,
        security: expectedSecurity(entry),
      });
    }
    expect(routes.map((entry) => entry.access)).toEqual(expect.arrayContaining(['public', 'required']));
  });

  it('lists the refusals of each protected route with the AuthError body: 401, 403 where it has requirements, 404 where it checks ownership', () => {
    const operations = operationsOf(document);
    for (const policy of server.app.get(RoutePolicyRegistry).httpPolicies()) {
      const requirements =
        policy.roles.length +
        policy.scopes.length +
        policy.permissions.length +
        policy.predicates.length +
        (policy.tenant ? 1 : 0) +
        policy.identity.length;
      for (const route of policy.routes) {
        const responses = operations.get(documentKey(route))?.responses as Record<string, unknown>;
        const refusal = (status: number, expected: boolean) =>
          expect({ route, status, response: responses[status] }).toEqual({
            route,
            status,
            response: expected ? expect.objectContaining(AUTH_ERROR_BODY) : undefined,
          });
        refusal(401, policy.access !== 'public');
        if (policy.strategies.every((strategy) => !strategy.startsWith('allowlist'))) refusal(403, requirements > 0);
        refusal(404, policy.ownership.length > 0);
      }
    }
    expect(operations.get('GET /conversations/{id}')?.responses).toMatchObject({ 404: { description: expect.stringContaining('not_found') } });
  });

  it('describes the refusal body with the stable codes', () => {
    expect(document.components?.schemas?.AuthError).toMatchObject({
      required: ['statusCode', 'error', 'code', 'message'],
      properties: { code: { enum: expect.arrayContaining(['missing_credentials', 'insufficient_scope', 'not_found', 'too_many_failures']) } },
    });
  });
});

describe.each(PLATFORMS)('applyAgentAuthSecurity on a fixture app on %s', (platform) => {
  let provider: TestOidcProvider;
  let server: TestApp;
  let logger: CapturedLogger;
  let plain: OpenAPIObject;
  let document: OpenAPIObject;
  const options = (issuer: string): AgentAuthModuleOptions => ({
    jwt: [
      { secret: newSecret(), issuer: 'https://auth.fixture.test' },
      { issuer, discovery: true, audience: PROVIDER_AUDIENCE, algorithms: [...PROVIDER_ALGORITHMS] },
    ],
    apiKey: { keys: [generateApiKey()], header: 'x-agent-key', scheme: 'AgentKey' },
    strategies: ['jwt'],
  });
  const metadata = (issuer: string) => ({
    imports: [AgentAuthModule.forRoot(options(issuer))],
    controllers: [CatalogueFixtureController, OwnedConversationsFixtureController],
    providers: [TestHeaderStrategy, { provide: OwnershipResolver, useClass: ConversationOwnership }],
  });
  const configure = (app: INestApplication) => {
    app.setGlobalPrefix('api');
    app.enableVersioning({ type: VersioningType.URI });
  };
  const operation = (key: string) => operationsOf(document).get(key);

  beforeAll(async () => {
    provider = await startOidcProvider();
    logger = new CapturedLogger();
    server = await startTestApp(platform, metadata(provider.issuer), { configure, logger });
    plain = SwaggerModule.createDocument(
      server.app,
      new DocumentBuilder().addSecurity('testHeader', { type: 'apiKey', in: 'header', name: 'x-test-user' }).build(),
    );
    plain.paths['/api/v2/elsewhere'] = { get: { responses: { 200: { description: 'Served by a proxy' } } } };
    logger.clear();
    document = applyAgentAuthSecurity(server.app, plain);
  });
  afterAll(async () => {
    await server.close();
    await provider.close();
  });

  it('is a valid OpenAPI document, written without changing the one given', async () => {
    await expectValid(document);
    expect(plain.components?.schemas?.AuthError).toBeUndefined();
    expect(plain.paths['/api/v2/catalogue'].get?.security).toBeUndefined();
  });

  it('registers bearer JWT, the discovered issuer and the API key in its configured header and scheme, next to the document’s own schemes', () => {
    expect(document.components?.securitySchemes).toEqual({
      testHeader: { type: 'apiKey', in: 'header', name: 'x-test-user' },
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      openIdConnect: expect.objectContaining({ type: 'openIdConnect', openIdConnectUrl: `${provider.issuer}/.well-known/openid-configuration` }),
      apiKey: expect.objectContaining({
        type: 'apiKey',
        in: 'header',
        name: 'x-agent-key',
        description: expect.stringContaining('`Authorization: AgentKey <key>`'),
      }),
    });
  });

  it('gives a public route no security and no refusals', () => {
    expect(operation('GET /api/v2/catalogue')).toMatchObject({ security: [] });
    expect(operation('GET /api/v2/catalogue')?.responses).not.toHaveProperty('401');
  });

  it('lets an optional-auth route be called anonymously too', () => {
    expect(operation('GET /api/v2/catalogue/{id}')?.security).toEqual([{ bearer: [] }, { openIdConnect: [] }, {}]);
  });

  it('puts the @Scopes of a route on its JWT requirements, and answers 403 insufficient_scope', () => {
    expect(operation('POST /api/v2/catalogue/{id}/run')?.security).toEqual([
      { bearer: ['agents:run', 'agents:read'] },
      { openIdConnect: ['agents:run', 'agents:read'] },
    ]);
    expect(operation('POST /api/v2/catalogue/{id}/run')?.responses).toMatchObject({
      401: AUTH_ERROR_BODY,
      403: { ...AUTH_ERROR_BODY, description: 'Forbidden: insufficient_scope' },
    });
  });

  it('offers each strategy of @UseAuth as an alternative, in its order', () => {
    expect(operation('POST /api/v2/catalogue/{id}/deploy')?.security).toEqual([{ bearer: [] }, { openIdConnect: [] }, { apiKey: [] }]);
    expect(operation('POST /api/v2/catalogue/{id}/deploy')?.responses).not.toHaveProperty('403');
  });

  it('answers 404 on an @OwnedResource route', () => {
    expect(operation('GET /api/v2/conversations/{id}')?.responses).toMatchObject({ 401: AUTH_ERROR_BODY, 404: AUTH_ERROR_BODY });
  });

  it('keeps the security of a route whose strategy has no scheme, and of an operation no route declares, with a warning', () => {
    expect(operation('GET /api/v2/catalogue/{id}/badge')?.security).toEqual([{ testHeader: [] }]);
    expect(operation('GET /api/v2/catalogue/{id}/badge')?.responses).toHaveProperty('401');
    expect(operation('GET /api/v2/elsewhere')).toEqual({ responses: { 200: { description: 'Served by a proxy' } } });
    const warnings = logger.fromLibrary('warn').map((entry) => entry.message);
    expect(warnings).toEqual([expect.stringContaining('GET /api/v2/catalogue/{id}/badge accepts strategies without a scheme (test-header)')]);
    expect(warnings[0]).toContain('GET /api/v2/elsewhere matches no route AgentAuthModule declared');
  });

  it('matches the routes of a document written without the global prefix', () => {
    const unprefixed = applyAgentAuthSecurity(
      server.app,
      SwaggerModule.createDocument(server.app, new DocumentBuilder().build(), { ignoreGlobalPrefix: true }),
    );
    expect(unprefixed.paths['/v2/catalogue/{id}/run'].post?.security).toEqual(operation('POST /api/v2/catalogue/{id}/run')?.security);
    expect(unprefixed.paths['/v2/catalogue'].get?.security).toEqual([]);
  });

  it('leaves alone, with a warning, an operation served by handlers with different policies (header versioning)', async () => {
    const versioned = await startTestApp(
      platform,
      {
        imports: [AgentAuthModule.forRoot({ jwt: { secret: newSecret() } })],
        controllers: [PublicStatusFixtureController, PrivateStatusFixtureController],
      },
      { configure: (app) => app.enableVersioning({ type: VersioningType.HEADER, header: 'x-api-version' }), logger },
    );
    try {
      logger.clear();
      const secured = applyAgentAuthSecurity(versioned.app, SwaggerModule.createDocument(versioned.app, new DocumentBuilder().build()));
      expect(secured.paths['/status'].get?.security).toBeUndefined();
      expect(logger.fromLibrary('warn').map((entry) => entry.message)).toEqual([
        expect.stringContaining(
          'GET /status is served by handlers with different policies (PublicStatusFixtureController.status, PrivateStatusFixtureController.status)',
        ),
      ]);
    } finally {
      await versioned.close();
    }
  });

  it('leaves alone, with a warning, a private route of an app with no strategy (it refuses every request: [] would say public)', async () => {
    const stranded = await startTestApp(
      platform,
      { imports: [AgentAuthModule.forRoot({})], controllers: [PrivateStatusFixtureController] },
      { logger },
    );
    try {
      logger.clear();
      const secured = applyAgentAuthSecurity(stranded.app, SwaggerModule.createDocument(stranded.app, new DocumentBuilder().build()));
      expect(secured.paths['/status'].get?.security).toBeUndefined();
      expect(secured.components?.securitySchemes).toEqual({});
      expect(logger.fromLibrary('warn').map((entry) => entry.message)).toEqual([
        expect.stringContaining('GET /status accepts no strategy: every request is refused: its security is left as it was'),
      ]);
    } finally {
      await stranded.close();
    }
  });

  it('describes the refusal body with the schema given for a reshaped errorBody', () => {
    const errorSchema = { type: 'object' as const, properties: { reason: { type: 'string' as const } } };
    expect(applyAgentAuthSecurity(server.app, plain, { errorSchema }).components?.schemas?.AuthError).toEqual(errorSchema);
  });

  it('refuses to run before the application is initialized, when no policy is resolved yet', async () => {
    const moduleRef = await Test.createTestingModule(metadata('https://idp.invalid')).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    try {
      expect(() => applyAgentAuthSecurity(app, SwaggerModule.createDocument(app, new DocumentBuilder().build()))).toThrow('after `await app.init()`');
    } finally {
      await moduleRef.close();
    }
  });
});
