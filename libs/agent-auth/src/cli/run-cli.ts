import type { CliIo } from './cli-io.js';
import { keyCommand } from './key.command.js';
import { secretCommand } from './secret.command.js';
import { tokenCommand } from './token.command.js';
import { UsageError } from './usage-error.js';

/** Exit code of a command line the CLI cannot run. */
export const USAGE_EXIT_CODE = 2;

const COMMANDS: Readonly<Record<string, (args: readonly string[], io: CliIo) => void>> = {
  secret: secretCommand,
  key: keyCommand,
  token: tokenCommand,
};

const USAGE = `Usage: nest-agent-auth <command> [options]

Commands:
  secret                      print a new 32-byte random secret (base64url), for JWT_SECRET
  key [--id ci-bot]           print a new API key, its sha256 hash and an options snippet
      [--roles operator]      roles for the snippet (comma- or space-separated, repeatable)
      [--json]                print {"id","key","hash","roles"} as JSON instead
  token --sub u1              print a HS256 JWT signed with JWT_SECRET (or --secret, 32+ bytes)
      [--roles admin]         roles claim (comma- or space-separated, repeatable)
      [--scopes "a b"]        scope claim (space-delimited)
      [--ttl 15m]             lifetime: seconds or 30s, 15m, 1h, 7d (default 15m)
      [--aud agent-api]       audience claim
      [--iss https://auth]    issuer claim
      [--secret=<secret>]     signing secret (default: the JWT_SECRET environment variable)

Exit codes: 0 done, 2 bad arguments.`;

/**
 * Runs one command line (the arguments after the program name) and returns the exit code:
 * 0 on success, {@link USAGE_EXIT_CODE} with a message on stderr for bad arguments.
 */
export function runCli(args: readonly string[], io: CliIo): number {
  const [name, ...rest] = args;
  if (name === undefined) {
    io.err(USAGE);
    return USAGE_EXIT_CODE;
  }
  if (name === 'help' || name === '--help' || name === '-h' || rest.includes('--help') || rest.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (command === undefined) throw new UsageError(`unknown command "${name}" (expected secret, key or token)`);
    command(rest, io);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`nest-agent-auth: ${error.message}`);
    io.err('Run "nest-agent-auth --help" for usage.');
    return USAGE_EXIT_CODE;
  }
}
