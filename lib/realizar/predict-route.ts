/**
 * POST /predict, /predict/batch and /predict/:name: JSON instances (arrays or objects keyed by feature name) or an
 * Arrow stream in; `{ predictions, probabilities? }` or an Arrow stream out (when the body was Arrow or Accept asks
 * for it). Each prediction holds a concurrency slot (503 + Retry-After when none is free) and a deadline (504).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { predictionToArrow, rowsFromArrow } from './arrow';
import { HttpError } from './errors';
import { ARROW_STREAM } from './http';
import { parseInstances, type RowSpec, type Rows } from './instances';
import type { ServedModel } from './model';
import type { Output, Prediction } from './predict-core';
import type { ServerContext } from './context';

/** The JSON body's schema (values are checked by parseInstances, which names the bad one). */
export const PREDICT_BODY = {
  type: 'object',
  required: ['instances'],
  additionalProperties: false,
  properties: {
    instances: { type: 'array', minItems: 1 },
    proba: { type: 'boolean' },
  },
} as const;

/**
 * The row spec of a model under the server's limits.
 * @param model - the model
 * @param maxRows - the rows limit
 * @returns the spec
 */
export function rowSpec(model: ServedModel, maxRows: number): RowSpec {
  const i = model.info;
  return { nFeatures: i.nFeatures, featureNames: i.namedFeatures ? i.featureNames : null, allowNaN: i.allowsMissing, maxRows };
}

/**
 * An output as JSON: a flat list for `[n]`, rows of lists for `[n, k]`.
 * @param o - the output
 * @returns the JSON value
 */
export function outputToJson(o: Output): unknown[] {
  const flat = Array.isArray(o.values) ? o.values : Array.from(o.values as ArrayLike<number>);
  if (o.shape.length < 2) return flat;
  const k = o.shape[1];
  const rows = new Array(o.shape[0]);
  for (let i = 0; i < rows.length; i++) rows[i] = flat.slice(i * k, (i + 1) * k);
  return rows;
}

/**
 * Runs a prediction under the server's concurrency limit and deadline, counting its rows.
 * @param ctx - the server
 * @param model - the version the request started on
 * @param rows - the checked rows
 * @param proba - also the probabilities
 * @returns the prediction
 * @throws HttpError 503 (busy, shutting down), 504 (deadline), 422 / 500 from the model
 */
export async function runPrediction(ctx: ServerContext, model: ServedModel, rows: Rows, proba: boolean): Promise<Prediction> {
  if (ctx.closing) throw new HttpError('ERR_REALIZAR_SHUTTING_DOWN', 'The server is shutting down', { retryAfter: 1 });
  if (ctx.predicting >= ctx.options.maxConcurrent) {
    throw new HttpError('ERR_REALIZAR_BUSY', `Expected at most ${ctx.options.maxConcurrent} predictions in flight but the server is at its limit`, { retryAfter: 1 });
  }
  ctx.predicting++;
  const work = model.predict(rows, proba, ctx.pool, ctx.options.offloadRows);
  // the slot is held until the work itself ends, even past a 504: the limit counts real load
  void work.then(() => ctx.predictDone(), () => ctx.predictDone());
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError('ERR_REALIZAR_TIMEOUT', `Expected the prediction within ${ctx.options.timeoutMs} ms but it took longer`)), ctx.options.timeoutMs);
  });
  try {
    const p = await Promise.race([work, deadline]);
    ctx.metrics.rows.inc({ model: model.name }, rows.nRows);
    return p;
  } finally {
    clearTimeout(timer);
  }
}

function wantsArrow(req: FastifyRequest): boolean {
  return (req.headers['content-type'] ?? '').startsWith(ARROW_STREAM) || (req.headers.accept ?? '').includes(ARROW_STREAM);
}

/**
 * The handler of the predict routes.
 * @param ctx - the server
 * @returns the handler
 */
export function predictHandler(ctx: ServerContext): (req: FastifyRequest, reply: FastifyReply) => Promise<unknown> {
  return async (req, reply) => {
    const name = (req.params as { name?: string }).name;
    const model = ctx.store.get(name);
    const spec = rowSpec(model, ctx.options.maxRows);
    let rows: Rows;
    let proba: boolean;
    if (Buffer.isBuffer(req.body)) {
      rows = rowsFromArrow(req.body, spec);
      const q = (req.query as { proba?: string }).proba;
      if (q !== undefined && q !== 'true' && q !== 'false') throw new HttpError('ERR_REALIZAR_INVALID_INPUT', `Expected true or false for the proba query parameter but received '${String(q).slice(0, 20)}'`, { field: 'proba' });
      proba = q === 'true';
    } else {
      const body = req.body as { instances: unknown; proba?: boolean };
      rows = parseInstances(body.instances, spec);
      proba = body.proba === true;
    }
    const p = await runPrediction(ctx, model, rows, proba);
    void reply.header('x-model-version', model.info.version);
    if (wantsArrow(req)) return reply.type(ARROW_STREAM).send(Buffer.from(predictionToArrow(p, model.info.classes)));
    const out: Record<string, unknown> = { model: model.name, version: model.info.version, predictions: outputToJson(p.predictions) };
    if (p.probabilities !== undefined) out.probabilities = outputToJson(p.probabilities);
    return out;
  };
}
