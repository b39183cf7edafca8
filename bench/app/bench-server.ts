import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { BenchAppModule } from './bench-app.module.js';
import { BENCH_SERVER_ENV, type BenchServerConfig } from './bench-server.config.js';

/** Message a server process sends its driver once it listens (or fails to boot). */
export type BenchServerMessage = { readonly port: number } | { readonly error: string };

/**
 * One benchmarked app, started by the driver with `fork()`: listens on 127.0.0.1 (ephemeral port), reports the
 * port over IPC, and exits on SIGTERM or when the driver disconnects (so it never outlives the run).
 */
async function serve(): Promise<void> {
  const config = JSON.parse(process.env[BENCH_SERVER_ENV] ?? '{}') as BenchServerConfig;
  delete process.env[BENCH_SERVER_ENV];
  const module = BenchAppModule.register(config);
  const app =
    config.platform === 'fastify'
      ? await NestFactory.create(module, new FastifyAdapter(), { logger: false, abortOnError: false })
      : await NestFactory.create(module, { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  report({ port });
}

function report(message: BenchServerMessage, then?: () => void): void {
  process.send?.(message, () => then?.());
}

process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
serve().catch((error: unknown) => {
  report({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1));
});
