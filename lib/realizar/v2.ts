/**
 * The Open Inference Protocol (KServe v2) REST routes, so that KServe, Triton and Seldon clients work: health, server
 * and model metadata, model readiness and infer. A model takes either one input tensor of shape [n, nFeatures] or one
 * tensor per feature (named by the feature, shape [n] or [n, 1]); it answers `predict` (and `predict_proba` for
 * probabilistic classifiers) as requested by `outputs` (default `predict`). Errors are the protocol's
 * `{ "error": message }`, with realizar's stable `code` beside it.
 */
import { HttpError, invalidInput, describe } from './errors';
import type { App } from './http';
import { cellValue, checkRowCount, type Rows } from './instances';
import type { ServedModel } from './model';
import { rowSpec, runPrediction } from './predict-route';
import type { Output } from './predict-core';
import type { ServerContext } from './context';
import { HTTP_ROUTES_VERSION } from './version';

const NUMERIC = new Set(['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64']);
const OUTPUTS = ['predict', 'predict_proba'] as const;

/** One input tensor of an infer request (checked by the route's schema). */
interface RequestInput {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
  parameters?: Record<string, unknown>;
}

/** An infer request (checked by the route's schema). */
interface InferRequest {
  id?: string;
  parameters?: Record<string, unknown>;
  inputs: RequestInput[];
  outputs?: { name: string; parameters?: Record<string, unknown> }[];
}

const TENSOR_DATA = { type: 'array' } as const;
/** The infer request's schema: the protocol's inference_request, with tensor data checked by flattenData. */
export const INFER_BODY = {
  type: 'object',
  required: ['inputs'],
  properties: {
    id: { type: 'string' },
    parameters: { type: 'object' },
    inputs: {
      type: 'array', minItems: 1, maxItems: 4096,
      items: {
        type: 'object', required: ['name', 'shape', 'datatype', 'data'],
        properties: {
          name: { type: 'string' }, shape: { type: 'array', items: { type: 'integer', minimum: 0 }, maxItems: 8 }, datatype: { type: 'string' },
          parameters: { type: 'object' }, data: TENSOR_DATA,
        },
      },
    },
    outputs: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, parameters: { type: 'object' } } } },
  },
} as const;

/** Row-major flattening of (possibly nested) tensor data, bounded by the expected count. */
function flattenData(data: unknown[], expected: number, field: string): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown[], where: string) => {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (Array.isArray(x)) walk(x, `${where}[${i}]`);
      else out.push(x);
      if (out.length > expected) throw invalidInput(`Expected ${expected} elements (the shape's product) in ${field} but received more`, field);
    }
  };
  walk(data, field);
  if (out.length !== expected) throw invalidInput(`Expected ${expected} elements (the shape's product) in ${field} but received ${out.length}`, field);
  return out;
}

function numericValue(v: unknown, datatype: string, field: string, allowNaN: boolean): number {
  if (datatype === 'BOOL' && typeof v === 'boolean') return v ? 1 : 0;
  return cellValue(v, field, allowNaN);
}

function checkDatatype(inp: RequestInput, i: number): void {
  if (!NUMERIC.has(inp.datatype)) throw invalidInput(`Expected a numeric datatype (${[...NUMERIC].join(', ')}) for inputs[${i}].datatype but received ${describe(inp.datatype)}`, `inputs[${i}].datatype`);
}

/**
 * The rows of an infer request: one [n, d] tensor, or one [n] / [n, 1] tensor per feature named by it.
 * @param req - the request
 * @param model - the model
 * @param maxRows - the rows limit
 * @returns the rows
 * @throws HttpError 422 naming the input at fault
 */
export function rowsFromInputs(req: InferRequest, model: ServedModel, maxRows: number): Rows {
  const spec = rowSpec(model, maxRows);
  const d = spec.nFeatures;
  const inputs = req.inputs;
  inputs.forEach(checkDatatype);
  if (inputs.length === 1 && !(d === 1 && inputs[0].shape.length === 1 && inputs[0].name === model.info.featureNames[0])) {
    const inp = inputs[0];
    const n = inp.shape.length === 2 ? inp.shape[0] : inp.shape.length === 1 && d === 1 ? inp.shape[0] : -1;
    if (n < 0 || (inp.shape.length === 2 && inp.shape[1] !== d)) {
      throw invalidInput(`Expected the shape [n, ${d}] for inputs[0].shape but received [${inp.shape.join(', ')}]`, 'inputs[0].shape');
    }
    checkRowCount(n, spec, 'inputs[0]');
    const flat = flattenData(inp.data, n * d, 'inputs[0].data');
    const data = new Float64Array(n * d);
    for (let k = 0; k < flat.length; k++) data[k] = numericValue(flat[k], inp.datatype, `inputs[0].data[${k}]`, spec.allowNaN);
    return { data, nRows: n, nFeatures: d };
  }
  const names = model.info.featureNames;
  if (inputs.length !== d) throw invalidInput(`Expected one input of shape [n, ${d}] or ${d} inputs named ${names.join(', ')} but received ${inputs.length} inputs`, 'inputs');
  const n = inputs[0].shape[0];
  checkRowCount(n ?? 0, spec, 'inputs[0]');
  const data = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const i = inputs.findIndex((x) => x.name === names[j]);
    if (i < 0) throw invalidInput(`Expected an input named '${names[j]}' but received ${inputs.map((x) => `'${x.name}'`).join(', ')}`, 'inputs');
    const inp = inputs[i];
    const okShape = (inp.shape.length === 1 && inp.shape[0] === n) || (inp.shape.length === 2 && inp.shape[0] === n && inp.shape[1] === 1);
    if (!okShape) throw invalidInput(`Expected the shape [${n}] or [${n}, 1] for inputs[${i}].shape but received [${inp.shape.join(', ')}]`, `inputs[${i}].shape`);
    const flat = flattenData(inp.data, n, `inputs[${i}].data`);
    for (let r = 0; r < n; r++) data[r * d + j] = numericValue(flat[r], inp.datatype, `inputs[${i}].data[${r}]`, spec.allowNaN);
  }
  return { data, nRows: n, nFeatures: d };
}

/** The protocol's datatype of an output. */
function datatypeOf(o: Output): string {
  const v = o.values;
  if (Array.isArray(v)) return v.length > 0 && typeof v[0] === 'string' ? 'BYTES' : 'FP64';
  if (v instanceof Float32Array) return 'FP32';
  if (v instanceof Int32Array) return 'INT32';
  if (v instanceof Uint8Array) return 'UINT8';
  return 'FP64';
}

function tensorOf(name: string, o: Output): { name: string; shape: number[]; datatype: string; data: unknown[] } {
  return { name, shape: o.shape, datatype: datatypeOf(o), data: Array.isArray(o.values) ? o.values : Array.from(o.values as ArrayLike<number>) };
}

function metadataOf(m: ServedModel): Record<string, unknown> {
  const i = m.info;
  const outputs = [{ name: 'predict', datatype: i.classes?.some((c) => typeof c === 'string') ? 'BYTES' : 'FP64', shape: [-1] }];
  if (i.probabilities) outputs.push({ name: 'predict_proba', datatype: 'FP64', shape: [-1, i.classes?.length ?? -1] });
  return {
    name: i.name,
    versions: [i.version],
    platform: 'sovereign-ai-aprender',
    inputs: [{ name: 'input-0', datatype: 'FP64', shape: [-1, i.nFeatures] }],
    outputs,
    properties: { class: i.class, kind: i.kind, featureNames: i.featureNames.join(',') },
  };
}

type Params = { name: string; version?: string };

function modelFor(ctx: ServerContext, p: Params): ServedModel {
  const m = ctx.store.get(p.name);
  if (p.version !== undefined && p.version !== m.info.version) {
    throw new HttpError('ERR_REALIZAR_MODEL_NOT_FOUND', `Expected version ${m.info.version} of model '${p.name}' (the one served) but received '${p.version.slice(0, 64)}'`, { field: 'version' });
  }
  return m;
}

const PARAMS = {
  type: 'object',
  properties: { name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' }, version: { type: 'string', maxLength: 128 } },
} as const;

/**
 * Registers the v2 routes.
 * @param a - the application
 * @param ctx - the server
 */
export function registerV2Routes(a: App, ctx: ServerContext): void {
  a.path('/v2/health/live', { GET: { handler: async () => ({ live: true }) } });
  a.path('/v2/health/ready', {
    GET: {
      handler: async (_req, reply) => {
        const ready = ctx.store.ready && !ctx.closing;
        return reply.code(ready ? 200 : 503).send({ ready });
      },
    },
  });
  const server = { GET: { handler: async () => ({ name: 'realizar', version: HTTP_ROUTES_VERSION, extensions: [] as string[] }) } };
  a.path('/v2', server);
  a.path('/v2/', server);
  const meta = { GET: { schema: { params: PARAMS }, handler: async (req: { params: unknown }) => metadataOf(modelFor(ctx, req.params as Params)) } };
  a.path('/v2/models/:name', meta);
  a.path('/v2/models/:name/versions/:version', meta);
  const ready = {
    GET: {
      schema: { params: PARAMS },
      handler: async (req: { params: unknown }) => ({ name: modelFor(ctx, req.params as Params).name, ready: true }),
    },
  };
  a.path('/v2/models/:name/ready', ready);
  a.path('/v2/models/:name/versions/:version/ready', ready);
  const infer = {
    POST: {
      schema: { params: PARAMS, body: INFER_BODY },
      handler: async (req: { params: unknown; body: unknown }) => {
        const model = modelFor(ctx, req.params as Params);
        const body = req.body as InferRequest;
        const wanted = (body.outputs ?? [{ name: 'predict' }]).map((o, i) => {
          if (!(OUTPUTS as readonly string[]).includes(o.name)) throw invalidInput(`Expected ${OUTPUTS.join(' or ')} for outputs[${i}].name but received ${describe(o.name)}`, `outputs[${i}].name`);
          return o.name;
        });
        const rows = rowsFromInputs(body, model, ctx.options.maxRows);
        const p = await runPrediction(ctx, model, rows, wanted.includes('predict_proba'));
        const outputs = wanted.map((w) => (w === 'predict' ? tensorOf('predict', p.predictions) : tensorOf('predict_proba', p.probabilities!)));
        const out: Record<string, unknown> = { model_name: model.name, model_version: model.info.version, outputs };
        if (body.id !== undefined) out.id = body.id;
        return out;
      },
    },
  };
  a.path('/v2/models/:name/infer', infer);
  a.path('/v2/models/:name/versions/:version/infer', infer);
}
