import autocannon from 'autocannon';
import { processCpuMicros } from './process-cpu.js';

/** One load run against one server. */
export interface LoadRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** The request body, if any (its `content-type` is among {@link headers}). */
  readonly body?: string;
  readonly connections: number;
  readonly seconds: number;
  /** Headers sent on every request. */
  readonly headers: Readonly<Record<string, string>>;
  /** The server's PID, to measure the CPU it spends per request. */
  readonly serverPid?: number;
  /** When given, each request carries `Authorization: Bearer <next token of the pool>`. */
  readonly tokenPerRequest?: readonly string[];
}

/** What one run measured. */
export interface LoadResult {
  /** Mean requests per second. */
  readonly requestsPerSecond: number;
  /** 99th percentile latency, in milliseconds. */
  readonly p99Ms: number;
  readonly total: number;
  /** Responses per HTTP status. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
  /** Server CPU time (user + system) per response, in µs: far less sensitive than req/s to other load on the machine. */
  readonly serverMicrosPerRequest?: number;
  /** CPU this (load-generating) process used, in % of one core: near 100 means the client, not the server, was the limit. */
  readonly clientCpuPercent: number;
  /** Whether the token pool ran out and some per-request tokens were sent twice. */
  readonly tokensReused: boolean;
}

/** Loads a server with autocannon from this process (the server runs in another). */
export async function runLoad(request: LoadRequest): Promise<LoadResult> {
  const pool = request.tokenPerRequest;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const serverCpuBefore = request.serverPid === undefined ? undefined : processCpuMicros(request.serverPid);
  const result = await autocannon({
    url: request.url,
    connections: request.connections,
    duration: request.seconds,
    headers: { ...request.headers },
    requests: [
      pool === undefined
        ? { method: request.method, path: request.path, body: request.body }
        : {
            method: request.method,
            path: request.path,
            body: request.body,
            setupRequest: (built) => {
              built.headers = { ...built.headers, authorization: `Bearer ${pool[next++ % pool.length]}` };
              return built;
            },
          },
    ],
  });
  const cpu = process.cpuUsage(cpuBefore);
  const serverCpuAfter = request.serverPid === undefined ? undefined : processCpuMicros(request.serverPid);
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) statuses[status] = count ?? 0;
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    serverMicrosPerRequest:
      serverCpuBefore === undefined || serverCpuAfter === undefined || result.requests.total === 0
        ? undefined
        : (serverCpuAfter - serverCpuBefore) / result.requests.total,
    clientCpuPercent: (cpu.user + cpu.system) / 10 / (result.duration * 1000),
    tokensReused: pool !== undefined && next > pool.length,
  };
}
