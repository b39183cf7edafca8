import { randomBytes } from 'node:crypto';
import type { AgentAuthModuleOptions, AllowlistOptions } from 'nest-agent-auth';

/** Where the demo's auth settings came from: the environment, or secrets generated for this run. */
export interface DemoAuthConfig {
  readonly options: AgentAuthModuleOptions;
  /** Set when no JWT_SECRET was given: the secret generated for this run, to sign a ready-to-use token. */
  readonly devSecret?: string;
}

/**
 * The demo's auth options: JWT_SECRET, JWT_AUDIENCE and JWT_ISSUER from the environment, or a development
 * secret generated at boot (never for production: it changes on every start); the webhook allowlist from
 * the environment (see {@link demoAllowlist}).
 */
export function demoAuthConfig(env: NodeJS.ProcessEnv = process.env): DemoAuthConfig {
  const devSecret = env.JWT_SECRET ? undefined : randomBytes(32).toString('base64url');
  return {
    devSecret,
    options: {
      jwt: {
        secret: env.JWT_SECRET ?? devSecret,
        audience: env.JWT_AUDIENCE || undefined,
        issuer: env.JWT_ISSUER || undefined,
      },
      allowlist: demoAllowlist(env),
      publicRoutes: ['GET /health'],
    },
  };
}

/**
 * The messaging platforms configured in the environment, each enabled by its secret:
 * TELEGRAM_SECRET_TOKEN with TELEGRAM_USER_IDS / TELEGRAM_CHAT_IDS, SLACK_SIGNING_SECRET with SLACK_USER_IDS /
 * SLACK_CHANNEL_IDS, DISCORD_PUBLIC_KEY with DISCORD_USER_IDS / DISCORD_CHANNEL_IDS (ids comma-separated).
 * @returns undefined when no platform is configured (the demo then serves no webhook route).
 */
export function demoAllowlist(env: NodeJS.ProcessEnv): AllowlistOptions | undefined {
  const allowlist: AllowlistOptions = {};
  if (env.TELEGRAM_SECRET_TOKEN) {
    allowlist.telegram = { secretToken: env.TELEGRAM_SECRET_TOKEN, userIds: idList(env.TELEGRAM_USER_IDS), chatIds: idList(env.TELEGRAM_CHAT_IDS) };
  }
  if (env.SLACK_SIGNING_SECRET) {
    allowlist.slack = { signingSecret: env.SLACK_SIGNING_SECRET, userIds: idList(env.SLACK_USER_IDS), channelIds: idList(env.SLACK_CHANNEL_IDS) };
  }
  if (env.DISCORD_PUBLIC_KEY) {
    allowlist.discord = { publicKey: env.DISCORD_PUBLIC_KEY, userIds: idList(env.DISCORD_USER_IDS), channelIds: idList(env.DISCORD_CHANNEL_IDS) };
  }
  return Object.keys(allowlist).length > 0 ? allowlist : undefined;
}

/** A comma-separated list of ids (blanks around commas ignored), or undefined when empty. */
function idList(value: string | undefined): string[] | undefined {
  const ids = (value ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
  return ids.length > 0 ? ids : undefined;
}
