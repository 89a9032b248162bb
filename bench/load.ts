// The autocannon load of the profile bench. Runs in a forked child (default, so the load generator does
// not compete with the server's event loop) or in the server's own process (`--in-process`).
import autocannon from 'autocannon';

export interface LoadOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:34567 */
  url: string;
  token: string;
  query: string;
  ids: string[];
  connections: number;
  durationSeconds: number;
  /** Requests per second offered across all connections (autocannon overallRate); absent: as fast as answered. */
  rate?: number;
}

export interface LoadResult {
  durationSeconds: number;
  requests: number;
  requestsPerSecond: { mean: number; stddev: number; min: number; max: number };
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** 200 responses whose body carries GraphQL errors. */
  graphqlErrors: number;
  /** 200 responses with `"customer":null` (id not found). */
  nullCustomers: number;
  /** CPU used by the process that ran autocannon, in seconds. */
  loadCpuSeconds: number;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const bodies = options.ids.map((id) => JSON.stringify({ query: options.query, variables: { id } }));
  let next = 0;
  let graphqlErrors = 0;
  let nullCustomers = 0;
  const cpuBefore = process.cpuUsage();
  const instance = autocannon({
    url: `${options.url}/graphql`,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    timeout: 30,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    requests: [
      {
        // Each connection has its own request iterator; the shared counter rotates ids across all of them.
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
        onResponse: (status, body) => {
          if (status !== 200) return;
          if (body.includes('"errors"')) graphqlErrors += 1;
          else if (body.includes('"customer":null')) nullCustomers += 1;
        },
      },
    ],
  });
  const result = await instance;
  const cpu = process.cpuUsage(cpuBefore);
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count;
  return {
    durationSeconds: result.duration,
    requests: result.requests.total,
    requestsPerSecond: {
      mean: result.requests.mean,
      stddev: result.requests.stddev,
      min: result.requests.min,
      max: result.requests.max,
    },
    latencyMs: {
      mean: result.latency.mean,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    graphqlErrors,
    nullCustomers,
    loadCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/** Child-process mode: each message is one run; the answer is its result (or its error). */
if (require.main === module) {
  process.on('message', (options: LoadOptions) => {
    runLoad(options).then(
      (result) => process.send!({ ok: true, result }),
      (error: Error) => process.send!({ ok: false, error: error.stack ?? String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
