import type { LoggerService } from '@nestjs/common';

/** One line as it was logged: its level, message and context. */
export interface CapturedEntry {
  readonly level: string;
  readonly message: string;
  readonly context?: string;
}

/** A Nest logger that keeps every line written through it, to check what the app and the library log. */
export class CapturedLogger implements LoggerService {
  /** Every line logged, at any level, with its context and arguments serialized. */
  readonly lines: string[] = [];
  /** The same lines, structured. */
  readonly entries: CapturedEntry[] = [];

  log(message: unknown, ...rest: unknown[]): void {
    this.keep('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.keep('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.keep('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.keep('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.keep('verbose', message, rest);
  }

  /** The entries the library logged (context `AgentAuthModule`), at one level or all. */
  fromLibrary(level?: string): CapturedEntry[] {
    return this.entries.filter((entry) => entry.context === 'AgentAuthModule' && (level === undefined || entry.level === level));
  }

  /** Forgets every line kept so far. */
  clear(): void {
    this.lines.length = 0;
    this.entries.length = 0;
  }

  /** The lines that contain any of the given secrets. */
  linesContaining(secrets: Iterable<string>): string[] {
    const list = [...secrets];
    return this.lines.filter((line) => list.some((secret) => line.includes(secret)));
  }

  private keep(level: string, message: unknown, rest: unknown[]): void {
    const context = rest.at(-1);
    this.entries.push({ level, message: String(message), context: typeof context === 'string' ? context : undefined });
    this.lines.push(
      [level, message, ...rest]
        .map((part) => (part instanceof Error ? `${part.message} ${part.stack}` : typeof part === 'string' ? part : JSON.stringify(part)))
        .join(' '),
    );
  }
}
