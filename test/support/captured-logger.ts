import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps every line written through it, to check what the app and the library log. */
export class CapturedLogger implements LoggerService {
  /** Every line logged, at any level, with its context and arguments serialized. */
  readonly lines: string[] = [];

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

  /** The lines that contain any of the given secrets. */
  linesContaining(secrets: Iterable<string>): string[] {
    const list = [...secrets];
    return this.lines.filter((line) => list.some((secret) => line.includes(secret)));
  }

  private keep(level: string, message: unknown, rest: unknown[]): void {
    this.lines.push([level, message, ...rest].map((part) => (part instanceof Error ? `${part.message} ${part.stack}` : typeof part === 'string' ? part : JSON.stringify(part))).join(' '));
  }
}
