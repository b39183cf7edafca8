import { UsageError } from './usage-error.js';

/**
 * Runs a strict `parseArgs` call (no positionals, unknown options refused) and turns what it throws
 * (unknown option, missing value, stray argument) into a {@link UsageError}.
 * @example const values = strictOptions(() => parseArgs({ args: [...args], options: { id: { type: 'string' } } }).values);
 */
export function strictOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Values given as `--roles a,b`, `--roles "a b"` or `--roles a --roles b`, as one list without blanks or repeats. */
export function splitList(values: readonly string[] | undefined): string[] {
  const items = (values ?? []).flatMap((value) => value.split(/[\s,]+/)).filter((item) => item !== '');
  return [...new Set(items)];
}
