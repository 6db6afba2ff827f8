/**
 * serve(): the models over HTTP. Builds the context (store, metrics, predict workers), loads the sources (models
 * given, a model folder, a registry), listens, and answers until close(), which stops accepting, lets in-flight
 * requests finish, then stops the workers and watchers.
 */
import path from 'node:path';
import type { Estimator } from '../aprender/base/estimator';
import { createApp } from './http';
import { createMetrics } from './metrics';
import { ServedModel } from './model';
import { parseAddress, resolveOptions, type ModelInput, type ResolvedOptions, type ServeOptions } from './options';
import { createPredictPool } from './predict-pool';
import { registerRoutes } from './routes';
import { registerV2Routes } from './v2';
import { ModelStore } from './store';
import type { ServerContext } from './context';
import { loadModelFile, startSources, type Sources } from './sources';
import { typeError, describe } from './errors';

/** A running server. */
export interface Server {
  /** Where it listens, e.g. `http://127.0.0.1:41234` (the port picked when 0 was asked for). */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The served names. */
  models(): string[];
  /** Whether every source has loaded once. */
  readonly ready: boolean;
  /**
   * Resolves when every source has loaded once (or rejects with the first load's error).
   * @returns nothing
   */
  whenReady(): Promise<void>;
  /**
   * Stops accepting, lets in-flight requests finish, then stops the workers and watchers.
   * @returns once closed
   */
  close(): Promise<void>;
}

async function loadGiven(name: string, m: ModelInput, o: ResolvedOptions): Promise<ServedModel> {
  const started = performance.now();
  if (typeof m === 'string') return loadModelFile(name, path.resolve(m), o.loadOptions);
  if (m instanceof Uint8Array) return ServedModel.create(name, m, { version: '1', source: 'bytes', started }, o.loadOptions);
  return ServedModel.create(name, m as Estimator, { version: '1', source: 'memory', started }, o.loadOptions);
}

/**
 * Serves models over HTTP: realizar's routes (/predict, /models, /metrics ...) and the Open Inference Protocol's
 * (/v2/...). `serve(model, 'host:port')` serves one model under the name `model`.
 * @param modelOrOptions - a fitted estimator, a `.apr` path or its bytes; or the options (models by name, modelDir,
 *   registry, host, port, limits, apiKeys, cors ...)
 * @param address - with a model: `host:port` (e.g. `0.0.0.0:8080`; port 0 picks a free one) or a port number
 * @returns the running server
 * @throws TypeError / RangeError for bad options; the load's error (ModelFileError ...) when a given model cannot be
 *   loaded; the listen error (EADDRINUSE ...)
 * @example
 * const server = await serve(model, '0.0.0.0:8080');
 * await fetch(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ instances: [[5.1, 3.5, 1.4, 0.2]] }) });
 * await server.close();
 */
export async function serve(modelOrOptions: ModelInput | ServeOptions, address?: string | number): Promise<Server> {
  const isModel = typeof modelOrOptions === 'string' || modelOrOptions instanceof Uint8Array
    || (modelOrOptions !== null && typeof modelOrOptions === 'object' && typeof (modelOrOptions as Estimator).isFitted === 'function');
  let options: ServeOptions;
  if (isModel) {
    const where = address === undefined ? {} : parseAddress(address);
    options = { models: { model: modelOrOptions as ModelInput }, ...where };
  } else {
    if (address !== undefined) throw typeError(`Expected no address beside an options object (give host and port in it) but received ${describe(address)}`);
    options = modelOrOptions as ServeOptions;
  }
  const o = resolveOptions(options);
  const metrics = createMetrics(o.processMetrics);
  const store = new ModelStore((o.models ? 1 : 0) + (o.modelDir ? 1 : 0) + (o.registry ? 1 : 0));
  store.defaultName = o.defaultModel;
  let drained: (() => void) | undefined;
  const ctx: ServerContext = {
    options: o, store, metrics, pool: o.predictThreads > 0 ? createPredictPool(o.predictThreads) : null, predicting: 0, closing: false,
    predictDone() {
      ctx.predicting--;
      if (ctx.predicting === 0) drained?.();
    },
  };
  let sources: Sources | undefined;
  const a = await createApp(o, metrics);
  try {
    if (o.models) {
      for (const [name, m] of Object.entries(o.models)) {
        const model = await loadGiven(name, m, o);
        store.put(model);
        o.onLoad?.(model.info, undefined);
        metrics.loads.inc({ model: name, outcome: 'loaded' });
        metrics.loadSeconds.set({ model: name, version: model.info.version }, model.info.loadSeconds);
      }
      store.sourceLoaded();
    }
    registerRoutes(a, ctx);
    registerV2Routes(a, ctx);
    sources = startSources(ctx);
    await a.app.listen({ host: o.host, port: o.port });
  } catch (e) {
    sources?.stop();
    await ctx.pool?.stop();
    await a.app.close();
    throw e;
  }
  const addr = a.app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host}:${port}`,
    port,
    models: () => store.names(),
    get ready() {
      return store.ready;
    },
    whenReady: () => sources!.firstLoad,
    close() {
      closing ??= (async () => {
        ctx.closing = true;
        sources!.stop();
        await a.app.close();
        if (ctx.predicting > 0) await new Promise<void>((resolve) => { drained = resolve; });
        await ctx.pool?.stop();
      })();
      return closing;
    },
  };
}
