/**
 * The Open Inference Protocol (KServe v2) routes, checked against the protocol's own OpenAPI document
 * (../shared/protocols/open_inference_rest.yaml): every request sent and every response received on those routes is
 * validated with ajv against the schema of its operation, and the examples of the protocol's text are replayed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { Tensor } from '../../lib/trueno/index';
import type { Server } from '../../lib/realizar/index';
import { forest, get, irisLike, linear, post, start } from './helpers';
import { SHARED_DATA } from '../helpers/shared-data';

const PROTOCOLS = path.join(SHARED_DATA, '..', 'protocols');
const spec = parse(readFileSync(path.join(PROTOCOLS, 'open_inference_rest.yaml'), 'utf8'));
// OpenAPI 3.0 schemas are JSON Schema draft-04-ish plus keywords ajv does not know (x-examples, title is fine)
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'oip', components: spec.components }, 'oip');
const schema = (name: string): ValidateFunction => ajv.getSchema(`oip#/components/schemas/${name}`)!;

function valid(name: string, value: unknown): void {
  const v = schema(name);
  if (!v(value)) throw new Error(`not a valid ${name}: ${ajv.errorsText(v.errors)}\n${JSON.stringify(value).slice(0, 500)}`);
}

/** Sends an infer request after validating it, and validates the response against the operation's schemas. */
async function infer(url: string, body: unknown): Promise<{ status: number; body: any }> {
  valid('inference_request', body);
  const r = await post(url, body);
  valid(r.status === 200 ? 'inference_response' : 'inference_error_response', r.body);
  return r;
}

describe('Open Inference Protocol routes', () => {
  let server: Server;
  const model = forest();
  beforeAll(async () => {
    server = await start({ models: { iris: model, reg: linear() } });
  });
  afterAll(() => server.close());

  test('the protocol document is the one shipped, with the operations served', () => {
    expect(spec.openapi).toBe('3.0.0');
    const paths = Object.keys(spec.paths);
    expect(paths).toEqual(expect.arrayContaining(['/v2/health/live', '/v2/health/ready', '/v2/', '/v2/models/${MODEL_NAME}/versions/${MODEL_VERSION}/infer']));
  });

  test('health, server metadata and model metadata validate against their schemas', async () => {
    expect((await get(`${server.url}/v2/health/live`))).toMatchObject({ status: 200, body: { live: true } });
    expect((await get(`${server.url}/v2/health/ready`))).toMatchObject({ status: 200, body: { ready: true } });
    for (const route of ['/v2', '/v2/']) {
      const meta = await get(`${server.url}${route}`);
      expect(meta.status).toBe(200);
      valid('metadata_server_response', meta.body);
    }
    const m = await get(`${server.url}/v2/models/iris`);
    valid('metadata_model_response', m.body);
    expect(m.body).toMatchObject({ name: 'iris', versions: ['1'], inputs: [{ name: 'input-0', datatype: 'FP64', shape: [-1, 4] }] });
    expect(m.body.outputs.map((o: { name: string }) => o.name)).toEqual(['predict', 'predict_proba']);
    for (const o of [...m.body.inputs, ...m.body.outputs]) valid('metadata_tensor', o);
    const v = await get(`${server.url}/v2/models/iris/versions/1`);
    valid('metadata_model_response', v.body);
    expect((await get(`${server.url}/v2/models/iris/ready`)).body).toEqual({ name: 'iris', ready: true });
    expect((await get(`${server.url}/v2/models/iris/versions/1/ready`)).status).toBe(200);
    const wrongVersion = await get(`${server.url}/v2/models/iris/versions/7/ready`);
    expect(wrongVersion.status).toBe(404);
    valid('metadata_model_error_response', wrongVersion.body);
    const unknown = await get(`${server.url}/v2/models/nope`);
    expect(unknown.status).toBe(404);
    valid('metadata_model_error_response', unknown.body);
    expect(unknown.body.code).toBe('ERR_REALIZAR_MODEL_NOT_FOUND');
  });

  test('infer with one [n, d] tensor (flat or nested data) answers predict and predict_proba like the model', async () => {
    const X = irisLike().X.slice(0, 6);
    const want = Array.from((model.predict(Tensor.from(X)) as Tensor).data as Float64Array);
    const proba = (model.predictProba(Tensor.from(X)) as Tensor).data as Float64Array;
    const flat = await infer(`${server.url}/v2/models/iris/infer`, {
      id: 'req-1', inputs: [{ name: 'input-0', shape: [6, 4], datatype: 'FP64', data: X.flat() }], outputs: [{ name: 'predict' }, { name: 'predict_proba' }],
    });
    expect(flat.status).toBe(200);
    expect(flat.body).toMatchObject({ model_name: 'iris', model_version: '1', id: 'req-1' });
    expect(flat.body.outputs[0]).toEqual({ name: 'predict', shape: [6], datatype: 'FP64', data: want });
    expect(flat.body.outputs[1]).toMatchObject({ name: 'predict_proba', shape: [6, 3], datatype: 'FP64' });
    flat.body.outputs[1].data.forEach((p: number, i: number) => expect(p).toBeCloseTo(proba[i], 12));
    const nested = await infer(`${server.url}/v2/models/iris/versions/1/infer`, { inputs: [{ name: 'x', shape: [6, 4], datatype: 'FP32', data: X }] });
    expect(nested.body.outputs).toEqual([{ name: 'predict', shape: [6], datatype: 'FP64', data: want }]);
    expect(nested.body.id).toBeUndefined();
  });

  test('infer with one tensor per feature, named by the features', async () => {
    const X = [[0, 1], [2, 3], [4, 4]];
    const r = await infer(`${server.url}/v2/models/reg/infer`, {
      inputs: [{ name: 'x1', shape: [3], datatype: 'INT32', data: X.map((x) => x[1]) }, { name: 'x0', shape: [3, 1], datatype: 'FP64', data: X.map((x) => [x[0]]) }],
    });
    expect(r.status).toBe(200);
    const want = Array.from(linear().predict(Tensor.from(X)).data as Float64Array);
    r.body.outputs[0].data.forEach((v: number, i: number) => expect(v).toBeCloseTo(want[i], 9));
  });

  const bad: [string, unknown, number, string][] = [
    ['no inputs', { inputs: [] }, 422, 'body.inputs'],
    ['an input without data', { inputs: [{ name: 'a', shape: [1, 4], datatype: 'FP64' }] }, 422, 'body.inputs.0'],
    ['a shape of the wrong width', { inputs: [{ name: 'a', shape: [1, 3], datatype: 'FP64', data: [1, 2, 3] }] }, 422, 'inputs[0].shape'],
    ['data shorter than the shape', { inputs: [{ name: 'a', shape: [2, 4], datatype: 'FP64', data: [1, 2, 3, 4] }] }, 422, 'inputs[0].data'],
    ['data longer than the shape', { inputs: [{ name: 'a', shape: [1, 4], datatype: 'FP64', data: [1, 2, 3, 4, 5] }] }, 422, 'inputs[0].data'],
    ['a string value', { inputs: [{ name: 'a', shape: [1, 4], datatype: 'FP64', data: [1, 2, 'x', 4] }] }, 422, 'inputs[0].data[2]'],
    ['a BYTES tensor', { inputs: [{ name: 'a', shape: [1, 4], datatype: 'BYTES', data: ['1', '2', '3', '4'] }] }, 422, 'inputs[0].datatype'],
    ['an unknown output', { inputs: [{ name: 'a', shape: [1, 4], datatype: 'FP64', data: [1, 2, 3, 4] }], outputs: [{ name: 'output0' }] }, 422, 'outputs[0].name'],
    ['a negative dimension', { inputs: [{ name: 'a', shape: [-1, 4], datatype: 'FP64', data: [1, 2, 3, 4] }] }, 422, 'body.inputs.0.shape.0'],
    ['too many feature inputs', { inputs: [1, 2, 3, 4, 5].map((i) => ({ name: `f${i}`, shape: [1], datatype: 'FP64', data: [1] })) }, 422, 'inputs'],
  ];
  test.each(bad)('%s is an inference_error_response naming %s', async (_what, body, status, field) => {
    const r = await post(`${server.url}/v2/models/iris/infer`, body);
    expect(r.status).toBe(status);
    valid('inference_error_response', r.body);
    expect(r.body.field).toBe(field);
    expect(r.body.error).toMatch(/^Expected /);
  });

  test('the examples of the protocol text, replayed', async () => {
    const text = readFileSync(path.join(PROTOCOLS, 'inference_rest.md'), 'utf8');
    const at = text.indexOf('### **Inference Request Examples**');
    const blocks = [...text.slice(at).matchAll(/\n {4}\{\n([\s\S]*?)\n {4}\}\n/g)].map((m) => `{\n${m[1]}\n}`);
    expect(blocks).toHaveLength(2);
    const request = JSON.parse(blocks[0]);
    // the response block is missing a comma after "id" in the text itself; parse it as the text means it
    const response = JSON.parse(blocks[1].replace('"id" : "42"\n', '"id" : "42",\n'));
    valid('inference_request', request);
    valid('inference_response', { model_name: 'mymodel', ...response });
    // served as `mymodel`: the example's input1 (shape [3], one element) and output0 name things this model has not
    const served = await start({ models: { mymodel: linear() } });
    try {
      const r = await post(`${served.url}/v2/models/mymodel/infer`, request);
      expect(r.status).toBe(422);
      valid('inference_error_response', r.body);
      expect(r.body.field).toBe('outputs[0].name');
      // the example's input0 ([2, 2] UINT32) asked for what the model answers: valid both ways
      const fixed = { ...request, inputs: [request.inputs[0]], outputs: [{ name: 'predict' }] };
      const ok = await infer(`${served.url}/v2/models/mymodel/infer`, fixed);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ id: '42', model_name: 'mymodel', outputs: [{ name: 'predict', shape: [2], datatype: 'FP64' }] });
      const want = Array.from(linear().predict(Tensor.from([[1, 2], [3, 4]])).data as Float64Array);
      ok.body.outputs[0].data.forEach((v: number, i: number) => expect(v).toBeCloseTo(want[i], 9));
    } finally {
      await served.close();
    }
  });
});
