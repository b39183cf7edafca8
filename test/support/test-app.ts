import type { INestApplication, LoggerService, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { CapturedLogger } from './captured-logger.js';

/** The HTTP platforms every e2e behaviour is checked on. */
export const PLATFORMS = ['express', 'fastify'] as const;
/** One of {@link PLATFORMS}. */
export type Platform = (typeof PLATFORMS)[number];

/** A fixture app listening on 127.0.0.1 and its base URL. */
export interface TestApp {
  readonly app: INestApplication;
  readonly url: string;
  close(): Promise<void>;
}

/** Options of {@link startTestApp}. */
export interface StartOptions {
  /** Called before `listen`, e.g. to set a global prefix. */
  configure?: (app: INestApplication) => void;
  /** Keep Nest's logger, or use this one (off by default to keep test output readable). */
  logger?: boolean | LoggerService;
  /** Nest's `rawBody` application option (`req.rawBody`, needed by the webhook allowlist). @default false */
  rawBody?: boolean;
  /** Trust `X-Forwarded-For` (Express `trust proxy`, Fastify `trustProxy`), so `req.ip` is the forwarded address. @default false */
  trustProxy?: boolean;
  /**
   * Whether the router matches paths case-sensitively (Express `case sensitive routing`, set on the Express app before
   * Nest registers a route; Fastify `routerOptions.caseSensitive`). @default the platform's own: Express no, Fastify yes
   */
  caseSensitive?: boolean;
  /** The port to listen on (a server whose URL must be known first, such as a login's redirect URI). @default an ephemeral one */
  port?: number;
}

/** Builds a fixture module and serves it over real HTTP on 127.0.0.1 (an ephemeral port) on the given platform. */
export async function startTestApp(platform: Platform, metadata: ModuleMetadata, options: StartOptions = {}): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const appOptions = { rawBody: options.rawBody };
  const { caseSensitive } = options;
  const app =
    platform === 'fastify'
      ? moduleRef.createNestApplication(
          new FastifyAdapter({ trustProxy: options.trustProxy, ...(caseSensitive === undefined ? {} : { routerOptions: { caseSensitive } }) }),
          appOptions,
        )
      : caseSensitive === undefined
        ? moduleRef.createNestApplication(appOptions)
        : moduleRef.createNestApplication(new ExpressAdapter(express().set('case sensitive routing', caseSensitive)), appOptions);
  if (options.trustProxy && platform === 'express')
    (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set('trust proxy', true);
  if (options.logger !== true) app.useLogger(options.logger ?? false);
  options.configure?.(app);
  await app.listen(options.port ?? 0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** Serves a fixture module as {@link startTestApp} does, logging into a fresh {@link CapturedLogger}, and closes it after `use`. */
export async function withTestApp(
  platform: Platform,
  metadata: ModuleMetadata,
  use: (server: TestApp, logger: CapturedLogger) => Promise<void> | void,
  options: StartOptions = {},
): Promise<void> {
  const logger = new CapturedLogger();
  const server = await startTestApp(platform, metadata, { ...options, logger });
  try {
    await use(server, logger);
  } finally {
    await server.close();
  }
}
