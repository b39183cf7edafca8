import type { LoggerService } from '@nestjs/common';

/** One line a {@link RecordingLogger} received. */
export interface LogLine {
  readonly level: 'log' | 'warn' | 'error' | 'debug' | 'verbose' | 'fatal';
  readonly message: string;
  readonly context?: string;
}

/** A Nest logger that keeps every line, for tests that check what the library logs (and what it never logs). */
export class RecordingLogger implements LoggerService {
  readonly lines: LogLine[] = [];

  log(message: unknown, context?: string): void {
    this.push('log', message, context);
  }
  warn(message: unknown, context?: string): void {
    this.push('warn', message, context);
  }
  error(message: unknown, _trace?: string, context?: string): void {
    this.push('error', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.push('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.push('verbose', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.push('fatal', message, context);
  }

  /** The lines of the library's own logger (`AgentAuthModule` context). */
  fromLibrary(level?: LogLine['level']): LogLine[] {
    return this.lines.filter((line) => line.context === 'AgentAuthModule' && (level === undefined || line.level === level));
  }

  private push(level: LogLine['level'], message: unknown, context?: string): void {
    this.lines.push({ level, message: String(message), context });
  }
}
