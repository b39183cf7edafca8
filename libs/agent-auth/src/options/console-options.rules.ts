import { apiKeyProblems, instantiateApiKeyOptions } from './api-key-options.rules.js';
import type { AgentAuthModuleOptions } from './agent-auth-module.options.js';
import { ApiKeyOptions } from './api-key.options.js';
import { ConsoleOptions } from './console.options.js';
import { instantiate } from './option-instances.js';
import { DEFAULT_CONSOLE_HEADER } from '../strategies/console/console.strategy.js';

/** Console rules across fields: some credential, keys checked like API keys, a header of its own. */
export function consoleProblems(options: AgentAuthModuleOptions): string[] {
  const realm = options.console as ConsoleOptions;
  const problems: string[] = [];
  const keys = Array.isArray(realm.keys) ? realm.keys : [];
  const operators = Array.isArray(realm.operatorRoles) && realm.operatorRoles.length > 0;
  if (keys.length === 0 && !operators) problems.push('console: give keys or operatorRoles, or nobody can use the console');
  if (operators && options.session === undefined) problems.push('console.operatorRoles: needs the session option (operators log in through it)');
  problems.push(...apiKeyProblems(instantiate(ApiKeyOptions, { keys })).map((problem) => problem.replace(/^apiKey/, 'console')));
  const header = (realm.header ?? DEFAULT_CONSOLE_HEADER).toLowerCase();
  if (options.apiKey !== undefined && header === (options.apiKey.header ?? 'x-api-key').toLowerCase()) {
    problems.push('console.header: must differ from apiKey.header (console keys and end-user keys never share a header)');
  }
  return problems;
}

/** The console options as class instances, its keys like the apiKey option's. */
export function instantiateConsole(raw: Record<string, unknown>): ConsoleOptions {
  const realm = instantiate(ConsoleOptions, raw);
  if (Array.isArray(raw.keys)) realm.keys = instantiateApiKeyOptions({ keys: raw.keys }).keys;
  return realm;
}
