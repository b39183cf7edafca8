export { AgentAuthTestKit, type AgentAuthApp, type AgentAuthTestKitOptions, type TestTokenOptions, type TestTicket } from './agent-auth-test-kit.js';
export { createTestIssuer, type TestIssuer, type TestIssuerAlgorithm, type TestIssuerJwtOptions, type TestIssuerOptions } from './test-issuer.js';
export { principalClaims, type TestPrincipal, type TestClaimPaths } from './test-principal.js';
export { testApiKey, type TestApiKey, type TestApiKeyGrant } from './test-api-key.js';
export { testDiscordKeys, signDiscordWebhook, type TestDiscordKeys } from './discord-webhook.js';
export { signSlackWebhook } from './slack-webhook.js';
export { signTelegramWebhook } from './telegram-webhook.js';
export type { SignedWebhook, WebhookBody, WebhookSigningOptions } from './signed-webhook.js';
