/**
 * POST /predict, /predict/batch and /predict/:name: JSON instances (arrays or objects keyed by feature name) or an
 * Arrow stream in; `{ predictions, probabilities? }` or an Arrow stream out (when the body was Arrow or Accept asks
 * for it). Each prediction holds a concurrency slot (503 + Retry-After when none is free) and a deadline (504).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { predictionToArrow, rowsFromArrow } from './arrow';
import { HttpError, describe, invalidInput } from './errors';
import { ARROW_STREAM } from './http';
import { checkRowCount, parseInstances, type RowSpec, type Rows } from './instances';
import { ScannedBody } from './json-rows';
import type { ServedModel } from './model';
import type { Output, Prediction } from './predict-core';
import type { ServerContext } from './context';

/**
 * Checks a JSON predict body parsed by JSON.parse: an object with `instances` (a non-empty array) and optionally
 * `proba` (a boolean), nothing else.
 * @param body - the parsed body
 * @returns its instances and proba
 * @throws HttpError ERR_REALIZAR_INVALID_INPUT (422) naming the part that is wrong
 */
export function predictBody(body: unknown): { instances: unknown[]; proba: boolean } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidInput(`Expected an object with instances for the body but received ${describe(body)}`, 'body');
  }
  const extra = Object.keys(body).find((k) => k !== 'instances' && k !== 'proba');
  if (extra !== undefined) throw invalidInput(`Expected only instances and proba in the body but received '${extra.slice(0, 64)}'`, 'body');
  const { instances, proba } = body as { instances?: unknown; proba?: unknown };
  if (!Array.isArray(instances)) throw invalidInput(`Expected an array of rows for body.instances but received ${describe(instances)}`, 'body.instances');
  if (instances.length === 0) throw invalidInput('Expected at least one row for body.instances but received none', 'body.instances');
  if (proba !== undefined && typeof proba !== 'boolean') throw invalidInput(`Expected true or false for body.proba but received ${describe(proba)}`, 'body.proba');
  return { instances, proba: proba === true };
}

/**
 * The rows of a body read by the fast scan, checked against the model as parseInstances checks them (every row has
 * the scan's one width, so a wrong width is the first row's).
 * @param b - the scanned body
 * @param spec - the model's features and the limits
 * @returns the rows
 * @throws HttpError ERR_REALIZAR_TOO_MANY_ROWS past maxRows; ERR_REALIZAR_INVALID_INPUT for a wrong width
 */
export function scannedRows(b: ScannedBody, spec: RowSpec): Rows {
  checkRowCount(b.nRows, spec, 'instances');
  if (b.width !== spec.nFeatures) throw invalidInput(`Expected ${spec.nFeatures} features for instances[0] but received ${b.width}`, 'instances[0]');
  return { data: b.data, nRows: b.nRows, nFeatures: b.width };
}

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
  const work = model.predict(rows, proba, ctx.pool, { rows: ctx.options.offloadRows, ms: ctx.options.offloadMs });
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
    } else if (req.body instanceof ScannedBody) {
      rows = scannedRows(req.body, spec);
      proba = req.body.proba;
    } else {
      const body = predictBody(req.body);
      rows = parseInstances(body.instances, spec);
      proba = body.proba;
    }
    const p = await runPrediction(ctx, model, rows, proba);
    void reply.header('x-model-version', model.info.version);
    if (wantsArrow(req)) return reply.type(ARROW_STREAM).send(Buffer.from(predictionToArrow(p, model.info.classes)));
    const out: Record<string, unknown> = { model: model.name, version: model.info.version, predictions: outputToJson(p.predictions) };
    if (p.probabilities !== undefined) out.probabilities = outputToJson(p.probabilities);
    return out;
  };
}
