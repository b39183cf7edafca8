import { describe, expect, it } from '@jest/globals';
import type { DynamicModule, Provider } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants.js';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AgentAuthModule } from './agent-auth.module.js';
import { PrincipalScopeInterceptor } from './principal/principal-scope.interceptor.js';

/** The app-wide interceptors a module definition registers: its static providers and those `forRoot` adds. */
function appInterceptors(module: DynamicModule): Provider[] {
  const providers: Provider[] = [...(Reflect.getMetadata(MODULE_METADATA.PROVIDERS, AgentAuthModule) as Provider[]), ...(module.providers ?? [])];
  return providers.filter((provider) => typeof provider === 'object' && provider.provide === APP_INTERCEPTOR);
}

describe('AgentAuthModule: the principal scope interceptor', () => {
  const scope = { provide: APP_INTERCEPTOR, useExisting: PrincipalScopeInterceptor };

  it('is registered app-wide with principalContext: true, by forRoot and forRootAsync', () => {
    expect(appInterceptors(AgentAuthModule.forRoot({ principalContext: true }))).toEqual([scope]);
    expect(appInterceptors(AgentAuthModule.forRootAsync({ useFactory: () => ({}), principalContext: true }))).toEqual([scope]);
  });

  it('is not registered at all by default (no interceptor in every request pipeline, no AsyncLocalStorage scope)', () => {
    expect(appInterceptors(AgentAuthModule.forRoot({}))).toEqual([]);
    expect(appInterceptors(AgentAuthModule.forRootAsync({ useFactory: () => ({}) }))).toEqual([]);
    expect(appInterceptors(AgentAuthModule.forRoot({ principalContext: undefined }))).toEqual([]);
  });
});
