import { describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { AgentAuthModule } from '../agent-auth.module.js';
import { AgentAuthGuard } from './agent-auth.guard.js';

describe('AgentAuthGuard wiring', () => {
  it('is resolved through Nest’s injector with its dependencies (decorator metadata is emitted)', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AgentAuthModule.forRoot({ jwt: { secret: 'x'.repeat(32) } })],
    }).compile();
    const guard = moduleRef.get(AgentAuthGuard);
    expect(guard).toBeInstanceOf(AgentAuthGuard);
    expect(moduleRef.get(Reflector)).toBeInstanceOf(Reflector);
    await moduleRef.close();
  });

  it('refuses to build the module when the options are invalid', async () => {
    await expect(Test.createTestingModule({ imports: [AgentAuthModule.forRoot({ jwt: { secret: 'short' } })] }).compile()).rejects.toThrow(
      'jwt.secret',
    );
  });

  it('registers itself as APP_GUARD by default only', () => {
    const providersOf = (module: ReturnType<typeof AgentAuthModule.forRoot>) =>
      (module.providers ?? []).filter((provider) => typeof provider === 'object' && 'provide' in provider && provider.provide === APP_GUARD);
    expect(providersOf(AgentAuthModule.forRoot({ jwt: { secret: 'x'.repeat(32) } }))).toHaveLength(1);
    expect(providersOf(AgentAuthModule.forRoot({ jwt: { secret: 'x'.repeat(32) }, globalGuard: false }))).toHaveLength(0);
  });

  it('is resolved with @UseGuards() in another module when not global (everything it needs is exported)', async () => {
    @UseGuards(AgentAuthGuard)
    @Controller('feature')
    class FeatureController {
      @Get()
      index() {
        return {};
      }
    }
    @Module({ controllers: [FeatureController] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [AgentAuthModule.forRoot({ jwt: { secret: 'x'.repeat(32) }, globalGuard: false }), FeatureModule],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).resolves.toBe(app);
    await app.close();
  });
});
