import { validateSync, type ValidationError } from 'class-validator';
import { AgentAuthModuleOptions } from './agent-auth-module.options.js';
import { durationSeconds } from '../util/duration.js';
import { AllowlistOptions } from './allowlist.options.js';
import { CustomAllowlistOptions } from './custom-allowlist.options.js';
import { DiscordAllowlistOptions } from './discord-allowlist.options.js';
import { JwtOptions } from './jwt.options.js';
import { SlackAllowlistOptions } from './slack-allowlist.options.js';
import { TelegramAllowlistOptions } from './telegram-allowlist.options.js';

/** The built-in messaging platforms, their list options and the header that routes a request to each. */
const ALLOWLIST_PLATFORMS: ReadonlyArray<{
  readonly name: string;
  readonly header: string;
  readonly chatList: string;
  /** The platform's options as `[userIds, chat list]`, or undefined when it is not configured. */
  readonly lists: (allowlist: AllowlistOptions) => [unknown, unknown] | undefined;
}> = [
  { name: 'telegram', header: 'x-telegram-bot-api-secret-token', chatList: 'chatIds', lists: ({ telegram: o }) => o && [o.userIds, o.chatIds] },
  { name: 'slack', header: 'x-slack-signature', chatList: 'channelIds', lists: ({ slack: o }) => o && [o.userIds, o.channelIds] },
  { name: 'discord', header: 'x-signature-ed25519', chatList: 'channelIds', lists: ({ discord: o }) => o && [o.userIds, o.channelIds] },
];

/** Strategies the library provides, and the option that configures each. */
const BUILT_IN_STRATEGIES: Readonly<Record<string, keyof AgentAuthModuleOptions>> = { jwt: 'jwt' };

/**
 * Checks the module options once, at startup, and returns them as instances of the options classes.
 * @throws Error listing every problem, each prefixed with the option's path (`jwt.secret: …`); never a secret's value.
 */
export function validateAgentAuthOptions(raw: AgentAuthModuleOptions): AgentAuthModuleOptions {
  const options = instantiate(AgentAuthModuleOptions, raw);
  if (isObject(raw) && isObject(raw.jwt)) options.jwt = instantiate(JwtOptions, raw.jwt);
  if (isObject(raw) && isObject(raw.allowlist)) options.allowlist = instantiateAllowlist(raw.allowlist);
  const problems = isObject(raw)
    ? validateSync(options, { forbidUnknownValues: true, whitelist: true, forbidNonWhitelisted: true }).flatMap((error) => describe(error, ''))
    : ['options must be an object'];
  if (isObject(raw)) problems.push(...crossFieldProblems(options));
  if (problems.length > 0) {
    throw new Error(`Invalid AgentAuthModule options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
  return options;
}

/** Rules that involve several options at once. */
function crossFieldProblems(options: AgentAuthModuleOptions): string[] {
  const problems: string[] = [];
  const jwt = options.jwt;
  if (jwt instanceof JwtOptions) {
    const sources = [jwt.secret, jwt.publicKey].filter((source) => source !== undefined).length;
    if (sources !== 1) problems.push('jwt: give exactly one of secret or publicKey');
    const algorithms = Array.isArray(jwt.algorithms) ? jwt.algorithms : [];
    if (jwt.secret !== undefined && algorithms.some((algorithm) => !algorithm.startsWith('HS'))) {
      problems.push('jwt.algorithms: a secret only verifies HS256, HS384 or HS512');
    }
    if (jwt.maxAge !== undefined && durationSeconds(jwt.maxAge) === undefined) {
      problems.push('jwt.maxAge: must be a number of seconds or a duration such as "15m", "1h", "7d"');
    }
    if (jwt.publicKey !== undefined && jwt.algorithms === undefined) {
      problems.push('jwt.algorithms: required with a public key (pin the algorithms your issuer signs with)');
    }
    if (jwt.publicKey !== undefined && algorithms.some((algorithm) => algorithm.startsWith('HS'))) {
      problems.push('jwt.algorithms: HS* algorithms cannot be used with a public key (algorithm confusion)');
    }
  }
  if (options.allowlist) problems.push(...allowlistProblems(options.allowlist));
  for (const name of Array.isArray(options.strategies) ? options.strategies : []) {
    if (name === 'allowlist' || name.startsWith('allowlist:')) {
      problems.push(`strategies: "${name}" cannot be a default strategy; mark webhook routes with @UseAuth('${name}')`);
    }
    const option = BUILT_IN_STRATEGIES[name];
    if (option !== undefined && options[option] === undefined) problems.push(`strategies: "${name}" is listed but ${option} is not configured`);
  }
  return problems;
}

/** Every platform needs a list (else any user of the platform gets in); custom names and headers must be unique. */
function allowlistProblems(allowlist: AllowlistOptions): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const headers = new Set<string>();
  for (const platform of ALLOWLIST_PLATFORMS) {
    const lists = platform.lists(allowlist);
    if (lists === undefined) continue;
    names.add(platform.name);
    headers.add(platform.header);
    if (lists[0] === undefined && lists[1] === undefined) {
      problems.push(`allowlist.${platform.name}: give userIds, ${platform.chatList} or both (without a list every ${platform.name} user would get in)`);
    }
  }
  (Array.isArray(allowlist.custom) ? allowlist.custom : []).forEach((custom, index) => {
    if (!(custom instanceof CustomAllowlistOptions)) return;
    const path = `allowlist.custom.${index}`;
    if (custom.userIds === undefined && custom.chatIds === undefined) {
      problems.push(`${path}: give userIds, chatIds or both (without a list every sender would get in)`);
    }
    if (typeof custom.name === 'string' && names.has(custom.name)) problems.push(`${path}.name: "${custom.name}" is already used`);
    if (typeof custom.header === 'string' && headers.has(custom.header.toLowerCase())) {
      problems.push(`${path}.header: "${custom.header}" already routes to another platform`);
    }
    if (typeof custom.name === 'string') names.add(custom.name);
    if (typeof custom.header === 'string') headers.add(custom.header.toLowerCase());
  });
  if (names.size === 0) problems.push('allowlist: configure at least one of telegram, slack, discord or custom');
  return problems;
}

/** The allowlist options as instances of their classes, so every nested group is validated. */
function instantiateAllowlist(raw: Record<string, unknown>): AllowlistOptions {
  const allowlist = instantiate(AllowlistOptions, raw);
  if (isObject(raw.telegram)) allowlist.telegram = instantiate(TelegramAllowlistOptions, raw.telegram);
  if (isObject(raw.slack)) allowlist.slack = instantiate(SlackAllowlistOptions, raw.slack);
  if (isObject(raw.discord)) allowlist.discord = instantiate(DiscordAllowlistOptions, raw.discord);
  if (Array.isArray(raw.custom)) {
    allowlist.custom = raw.custom.map((item: unknown) => (isObject(item) ? instantiate(CustomAllowlistOptions, item) : item)) as CustomAllowlistOptions[];
  }
  return allowlist;
}

function describe(error: ValidationError, parentPath: string): string[] {
  const path = parentPath ? `${parentPath}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(`${error.property} `) ? `${path}: ${message.slice(error.property.length + 1)}` : `${path}: ${message}`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => describe(child, path))];
}

function instantiate<T extends object>(type: new () => T, value: unknown): T {
  return Object.assign(new type(), isObject(value) ? value : {});
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
