import type { INestApplication } from '@nestjs/common';
import type { SecuritySchemeObject } from '@nestjs/swagger';
import { applyAgentAuthSecurity } from 'nest-agent-auth/swagger';

/** Where the demo serves its OpenAPI document: the UI at `/docs`, the JSON at `/docs-json`. */
export const API_DOCS_PATH = 'docs';

/** The demo's webhook strategies, which the library cannot describe itself: the header each platform signs or authenticates with. */
const WEBHOOK_SCHEMES: Readonly<Record<string, SecuritySchemeObject>> = {
  'allowlist:telegram': {
    type: 'apiKey',
    in: 'header',
    name: 'X-Telegram-Bot-Api-Secret-Token',
    description: 'The secret token set with setWebhook; the sender must be allowlisted.',
  },
  'allowlist:slack': {
    type: 'apiKey',
    in: 'header',
    name: 'X-Slack-Signature',
    description: '`v0=` + HMAC-SHA256 of `v0:<X-Slack-Request-Timestamp>:<raw body>` under the signing secret; the sender must be allowlisted.',
  },
  'allowlist:discord': {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature-Ed25519',
    description: 'The Ed25519 signature of `X-Signature-Timestamp` + raw body; the sender must be allowlisted.',
  },
};

/**
 * Serves the demo's OpenAPI document, with the security its route policies enforce, when @nestjs/swagger is
 * installed (a development dependency). Call it before `listen()`; the document is built on its first request, once
 * the app is initialized and the policies are resolved.
 * @returns whether it is served.
 */
export async function serveApiDocs(app: INestApplication): Promise<boolean> {
  const swagger = await import('@nestjs/swagger').catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  });
  if (swagger === undefined) return false;
  const config = new swagger.DocumentBuilder()
    .setTitle('nest-agent-auth demo agent server')
    .setDescription('Agents, conversations and workflows behind AgentAuthModule.')
    .build();
  swagger.SwaggerModule.setup(API_DOCS_PATH, app, () =>
    applyAgentAuthSecurity(app, swagger.SwaggerModule.createDocument(app, config), { strategySchemes: WEBHOOK_SCHEMES }),
  );
  return true;
}
