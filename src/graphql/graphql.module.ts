import type { DynamicModule } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';

/** The HTTP platform the demo runs on (`PLATFORM=fastify`, Express otherwise). */
export type DemoPlatform = 'express' | 'fastify';

/**
 * GraphQL at `/graphql`, schema built from the resolvers in memory: Apollo on Express, Mercurius on Fastify. The
 * refusal's HTTP status is kept (401, 403) rather than Nest's default 200 for execution errors.
 */
export function demoGraphqlModule(platform: DemoPlatform): DynamicModule {
  return platform === 'fastify'
    ? GraphQLModule.forRoot<MercuriusDriverConfig>({ driver: MercuriusDriver, autoSchemaFile: true })
    : GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, preserveHttpStatusForExecutionErrors: false });
}
