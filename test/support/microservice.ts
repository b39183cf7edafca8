import type { INestApplication, INestMicroservice, LoggerService, ModuleMetadata } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy, type PacketMetadata, type TcpOptions } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { AddressInfo, Server } from 'node:net';
import { lastValueFrom } from 'rxjs';
import { startTestApp, type Platform, type TestApp } from './test-app.js';

/** A fixture microservice listening over TCP on 127.0.0.1 (an ephemeral port). */
export interface TestMicroservice {
  readonly port: number;
  /** The Nest application the message handlers run in (a microservice, or the HTTP app of a hybrid). */
  get<T>(type: new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/** A TCP transport on 127.0.0.1 with an ephemeral port. */
const TCP: TcpOptions = { transport: Transport.TCP, options: { host: '127.0.0.1', port: 0 } };

/** Builds a fixture module and runs it as a TCP microservice (`createNestMicroservice`), as `NestFactory.createMicroservice` does. */
export async function startTestMicroservice(metadata: ModuleMetadata, logger: false | LoggerService = false): Promise<TestMicroservice> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const microservice = moduleRef.createNestMicroservice<TcpOptions>(TCP);
  microservice.useLogger(logger);
  await microservice.listen();
  return { port: portOf(microservice), get: (type) => microservice.get(type), close: () => microservice.close() };
}

/** A hybrid app: the fixture served over HTTP on `platform` with a TCP microservice connected (`inheritAppConfig: true`). */
export async function startHybridApp(platform: Platform, metadata: ModuleMetadata): Promise<TestApp & { readonly port: number }> {
  let microservice: INestMicroservice | undefined;
  const connect = (app: INestApplication) => {
    microservice = app.connectMicroservice<TcpOptions>(TCP, { inheritAppConfig: true });
  };
  const server = await startTestApp(platform, metadata, { configure: connect });
  await server.app.startAllMicroservices();
  return { ...server, port: portOf(microservice!) };
}

/** A TCP client of a fixture microservice, sending `metadata` with every packet when given. */
export function tcpClient(port: number, metadata?: PacketMetadata): ClientProxy {
  const client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
  if (metadata !== undefined) client.setOnDispatchHook((packet) => Object.assign(packet, { metadata }));
  return client;
}

/** How a `send()` ended: the handler's reply, or the error the observable failed with (our refusal body). */
export type Answer = { readonly reply: unknown } | { readonly error: unknown };

/** Sends one message and waits for its answer. */
export async function ask(client: ClientProxy, pattern: string, data: unknown): Promise<Answer> {
  try {
    return { reply: await lastValueFrom(client.send(pattern, data)) };
  } catch (error) {
    return { error };
  }
}

function portOf(microservice: INestMicroservice): number {
  return (microservice.unwrap<Server>().address() as AddressInfo).port;
}
