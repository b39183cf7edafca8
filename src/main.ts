import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { WsAdapter } from '@nestjs/platform-ws';
import jsonwebtoken from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { connectRedisStores } from 'nest-agent-auth/redis';
import { AppModule } from './app.module.js';
import { demoAuthConfig, withSharedStores } from './auth.config.js';
import { API_DOCS_PATH, serveApiDocs } from './docs/api-docs.js';

/**
 * Starts the demo agent server on HOST:PORT (127.0.0.1:3000 by default), on Express or PLATFORM=fastify,
 * with `rawBody` enabled (the webhook allowlist verifies platform signatures over the exact bytes received),
 * the chat gateway on the same port (`ws://HOST:PORT/ws`) and, when @nestjs/swagger is installed, the OpenAPI
 * document at `/docs`. With REDIS_URL, revocations, stream tickets and brute-force counts live in Redis, shared by
 * every instance started with the same URL.
 */
async function bootstrap(): Promise<void> {
  const redisUrl = process.env.REDIS_URL;
  const auth = redisUrl ? withSharedStores(demoAuthConfig(), await connectRedisStores({ url: redisUrl })) : demoAuthConfig();
  const platform = process.env.PLATFORM === 'fastify' ? 'fastify' : 'express';
  const module = AppModule.register(auth, platform);
  const app =
    platform === 'fastify'
      ? await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), { rawBody: true })
      : await NestFactory.create(module, { rawBody: true });
  app.useWebSocketAdapter(new WsAdapter(app));
  const docs = await serveApiDocs(app);
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, host);
  const logger = new Logger('Demo');
  logger.log(`Agent server listening on http://${host}:${port} (GraphQL at /graphql)`);
  logger.log(
    auth.options.session
      ? `Chat page at http://${host}:${port}/chat (browser login through ${auth.options.session.login?.issuer})`
      : `Chat page at http://${host}:${port}/chat (browser login off: set OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET)`,
  );
  if (docs) logger.log(`OpenAPI document at http://${host}:${port}/${API_DOCS_PATH} (JSON at /${API_DOCS_PATH}-json)`);
  const webhooks = Object.keys(auth.options.allowlist ?? {});
  logger.log(
    webhooks.length > 0
      ? `Webhooks: ${webhooks.map((platform) => `POST /webhooks/${platform}`).join(', ')}`
      : 'Webhooks: none (set TELEGRAM_SECRET_TOKEN, SLACK_SIGNING_SECRET or DISCORD_PUBLIC_KEY with their user/chat ids)',
  );
  const mcp = auth.options.protectedResources?.[0];
  logger.log(
    mcp
      ? `MCP server at ${mcp.resource} (tokens from ${mcp.authorizationServers.join(', ')})`
      : 'MCP server: off (set MCP_AUTHORIZATION_SERVER to the issuer URL, and JWT_ISSUER with JWT_DISCOVERY=1)',
  );
  if (auth.devSecret) announceDevToken(logger, auth.devSecret, `http://${host}:${port}`);
  if (auth.devApiKey) announceDevApiKey(logger, auth.devApiKey, `http://${host}:${port}`);
}

/**
 * Without JWT_SECRET the demo signs two short-lived tokens with its generated secret, for trying it out: an
 * operator's, and a viewer's that gets a 403 where the operator's passes.
 */
function announceDevToken(logger: Logger, secret: string, baseUrl: string): void {
  const sign = (sub: string, roles: string[]) =>
    jsonwebtoken.sign({ sub, roles }, secret, { algorithm: 'HS256', expiresIn: '1h', jwtid: randomUUID() });
  const operator = sign('dev-operator', ['operator']);
  const viewer = sign('dev-viewer', ['viewer']);
  logger.warn('JWT_SECRET is not set: using a DEVELOPMENT secret generated for this run. Never use this in production.');
  logger.warn(`Development token (operator, 1 hour):\n${operator}`);
  logger.warn(`Development token (viewer, 1 hour):\n${viewer}`);
  logger.warn(
    `Try: curl -s -X POST ${baseUrl}/agents/support/text -H "Authorization: Bearer ${operator}" -H "Content-Type: application/json" -d '{"input":"hi"}'`,
  );
  logger.warn(
    `Run a workflow (operator: 201, viewer: 403 insufficient_role): curl -s -X POST ${baseUrl}/workflows/nightly-report/run -H "Authorization: Bearer ${viewer}"`,
  );
  logger.warn(`Stream an agent's runs: curl -N ${baseUrl}/agents/support/events -H "Authorization: Bearer ${operator}"`);
}

/** Without API_KEY_HASHES the demo accepts an operator API key generated for this run on `POST /workflows/:id/run`. */
function announceDevApiKey(logger: Logger, key: string, baseUrl: string): void {
  logger.warn('API_KEY_HASHES is not set: using a DEVELOPMENT API key generated for this run. Never use this in production.');
  logger.warn(`Development API key (operator, POST /workflows/:id/run only):\n${key}`);
  logger.warn(`Try: curl -s -X POST ${baseUrl}/workflows/nightly-report/run -H "x-api-key: ${key}"`);
}

void bootstrap();
