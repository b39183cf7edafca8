import { AgentAuthModule, type AgentAuthModuleOptions } from 'nest-agent-auth';
import { FIXTURE_PUBLIC_ROUTES, HandlerHits, PublicFixtureController, VaultFixtureController } from '../fixtures/adversarial.fixture.js';
import { TestHeaderStrategy } from '../fixtures/test-header.strategy.js';
import { rawRequest, type RawResponse } from './raw-http.js';
import { startTestApp, type Platform, type StartOptions, type TestApp } from './test-app.js';

/** Serves the adversarial fixtures (vault, public routes, `test-header` strategy, handler counter) with these options. */
export function startAdversarialApp(platform: Platform, options: AgentAuthModuleOptions, start?: StartOptions): Promise<TestApp> {
  return startTestApp(
    platform,
    {
      imports: [AgentAuthModule.forRoot({ publicRoutes: FIXTURE_PUBLIC_ROUTES, ...options })],
      controllers: [VaultFixtureController, PublicFixtureController],
      providers: [HandlerHits, TestHeaderStrategy],
    },
    start,
  );
}

/** GET `path` with `Authorization: Bearer <token>`, the path sent as written. */
export function getWithBearer(server: TestApp, token: string, path = '/vault'): Promise<RawResponse> {
  return rawRequest(server.url, 'GET', path, { authorization: `Bearer ${token}` });
}
