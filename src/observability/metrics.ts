// Prometheus metrics, on a registry of the app's own (not prom-client's
// global one) so several apps in one process, as in tests, do not collide.
import { Counter, Histogram, Registry } from 'prom-client';

export interface GatewayMetrics {
  contentType: string;
  render(): Promise<string>;
  observeRequest(path: string, status: number, seconds: number): void;
  authRejected(reason: string): void;
  /** How an operation ran: under the scope shield, or proven within the token's scopes and unwrapped. */
  executed(path: ExecutionPath): void;
}

export type ExecutionPath = 'shielded' | 'unwrapped';

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  const requests = new Histogram({
    name: 'jgg_http_request_duration_seconds',
    help: 'HTTP requests by path and status',
    labelNames: ['path', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'jgg_auth_rejected_total',
    help: 'Requests refused before execution, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const executions = new Counter({
    name: 'jgg_executions_total',
    help: 'GraphQL executions by path: shielded (scope checks per field) or unwrapped (proven within the scopes)',
    labelNames: ['path'] as const,
    registers: [registry],
  });
  const known = new Set(['/graphql', '/healthz', '/readyz', '/metrics']);
  // One labelled child per series, kept: observe(labels, v) hashes the label
  // object on every call. Paths and statuses are few, so this stays small.
  const series = new Map<string, { observe(seconds: number): void }>();
  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    observeRequest(path, status, seconds) {
      // Unknown paths share one label so scanners cannot grow the series without bound.
      const label = known.has(path) ? path : 'other';
      const key = `${label} ${status}`;
      let child = series.get(key);
      if (!child) {
        child = requests.labels({ path: label, status: String(status) });
        series.set(key, child);
      }
      child.observe(seconds);
    },
    authRejected(reason) {
      rejected.inc({ reason });
    },
    executed(path) {
      executions.inc({ path });
    },
  };
}
