import { AllowlistOptions } from './allowlist.options.js';
import { CustomAllowlistOptions } from './custom-allowlist.options.js';
import { DiscordAllowlistOptions } from './discord-allowlist.options.js';
import { instantiate, isObject } from './option-instances.js';
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

/** Every platform needs a list (else any user of the platform gets in); custom names and headers must be unique. */
export function allowlistProblems(allowlist: AllowlistOptions): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const headers = new Set<string>();
  for (const platform of ALLOWLIST_PLATFORMS) {
    const lists = platform.lists(allowlist);
    if (lists === undefined) continue;
    names.add(platform.name);
    headers.add(platform.header);
    if (lists[0] === undefined && lists[1] === undefined) {
      problems.push(
        `allowlist.${platform.name}: give userIds, ${platform.chatList} or both (without a list every ${platform.name} user would get in)`,
      );
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
export function instantiateAllowlist(raw: Record<string, unknown>): AllowlistOptions {
  const allowlist = instantiate(AllowlistOptions, raw);
  if (isObject(raw.telegram)) allowlist.telegram = instantiate(TelegramAllowlistOptions, raw.telegram);
  if (isObject(raw.slack)) allowlist.slack = instantiate(SlackAllowlistOptions, raw.slack);
  if (isObject(raw.discord)) allowlist.discord = instantiate(DiscordAllowlistOptions, raw.discord);
  if (Array.isArray(raw.custom)) {
    allowlist.custom = raw.custom.map((item: unknown) =>
      isObject(item) ? instantiate(CustomAllowlistOptions, item) : item,
    ) as CustomAllowlistOptions[];
  }
  return allowlist;
}
