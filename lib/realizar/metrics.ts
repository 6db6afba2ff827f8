/**
 * The Prometheus metrics of one server (prom-client, in a registry of its own so that several servers in one
 * process do not mix): requests by route and status, latency histograms, rows predicted, model load times, in-flight.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The metrics a server updates. */
export interface ServerMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
  rows: Counter<'model'>;
  loadSeconds: Gauge<'model' | 'version'>;
  loads: Counter<'model' | 'outcome'>;
  inFlight: Gauge;
}

/**
 * Creates a server's metrics.
 * @param defaults - also the process metrics (CPU, memory, event-loop lag)
 * @returns the metrics
 */
export function createMetrics(defaults: boolean): ServerMetrics {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry, prefix: 'realizar_' });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({ name: 'realizar_requests_total', help: 'HTTP requests by method, route and status', labelNames: ['method', 'route', 'status'], registers }),
    latency: new Histogram({
      name: 'realizar_request_duration_seconds', help: 'HTTP request latency by method and route', labelNames: ['method', 'route'], registers,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    rows: new Counter({ name: 'realizar_rows_predicted_total', help: 'Rows predicted by model', labelNames: ['model'], registers }),
    loadSeconds: new Gauge({ name: 'realizar_model_load_seconds', help: 'Seconds the load of the served version took', labelNames: ['model', 'version'], registers }),
    loads: new Counter({ name: 'realizar_model_loads_total', help: 'Model loads by outcome (loaded, failed)', labelNames: ['model', 'outcome'], registers }),
    inFlight: new Gauge({ name: 'realizar_requests_in_flight', help: 'Requests being answered', registers }),
  };
}
