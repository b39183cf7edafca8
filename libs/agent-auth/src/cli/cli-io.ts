/** Where a command writes and what it reads from its environment (process streams, or a test double). */
export interface CliIo {
  /** Writes one line to standard output. */
  out(line: string): void;
  /** Writes one line to standard error. */
  err(line: string): void;
  /** The environment variables (`JWT_SECRET`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}
