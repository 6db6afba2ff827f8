import { Tensor } from '../../lib/trueno/index';
import { serve } from '../../lib/realizar/index';
import { forest, get, irisLike, linear, logistic, post, start } from './helpers';

describe('serve(model, address)', () => {
  test('the seed call on port 0 answers /health, /ready and /predict like model.predict', async () => {
    const model = logistic();
    const server = await serve(model, '127.0.0.1:0');
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.port).toBeGreaterThan(0);
      expect((await get(`${server.url}/health`)).body).toEqual({ status: 'ok' });
      const ready = await get(`${server.url}/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ ready: true, models: ['model'] });
      const { X } = irisLike();
      const r = await post(`${server.url}/predict`, { instances: X.slice(0, 5), proba: true });
      expect(r.status).toBe(200);
      const want = model.predict(Tensor.from(X.slice(0, 5))) as Tensor;
      expect(r.body.predictions).toEqual(Array.from(want.data as Float64Array));
      const proba = (model.predictProba(Tensor.from(X.slice(0, 5))) as Tensor).toArray() as number[][];
      r.body.probabilities.forEach((row: number[], i: number) => row.forEach((p, j) => expect(p).toBeCloseTo(proba[i][j], 12)));
      expect(r.headers.get('x-model-version')).toBe('1');
    } finally {
      await server.close();
    }
  });

  test('batches larger than offloadRows predict in the workers with the same answers', async () => {
    const model = forest();
    const server = await start({ models: { iris: model }, offloadRows: 0, offloadMs: 0, predictThreads: 2 });
    try {
      const { X } = irisLike();
      const want = Array.from((model.predict(Tensor.from(X)) as Tensor).data as Float64Array);
      const answers = await Promise.all([0, 1, 2, 3].map(() => post(`${server.url}/predict/batch`, { instances: X })));
      for (const r of answers) expect(r.body.predictions).toEqual(want);
      const named = await post(`${server.url}/predict/iris`, { instances: X.slice(0, 2) });
      expect(named.body.predictions).toEqual(want.slice(0, 2));
    } finally {
      await server.close();
    }
  });

  test('a regressor answers numbers; proba is refused with 422 naming the field', async () => {
    const server = await serve(linear(), 0);
    try {
      const r = await post(`${server.url}/predict`, { instances: [[1, 1]] });
      expect(r.body.predictions[0]).toBeCloseTo(linear().predict(Tensor.from([[1, 1]])).data[0] as number, 10);
      const p = await post(`${server.url}/predict`, { instances: [[1, 1]], proba: true });
      expect(p.status).toBe(422);
      expect(p.body.error).toMatchObject({ code: 'ERR_REALIZAR_INVALID_INPUT', field: 'proba' });
    } finally {
      await server.close();
    }
  });

  test('several models: /predict answers for defaultModel, else asks for a name', async () => {
    const server = await start({ models: { a: logistic(), b: linear() }, defaultModel: 'b' });
    try {
      const r = await post(`${server.url}/predict`, { instances: [[1, 1]] });
      expect(r.body).toMatchObject({ model: 'b' });
      expect((await post(`${server.url}/predict/a`, { instances: [irisLike().X[0]] })).body.model).toBe('a');
    } finally {
      await server.close();
    }
    const gone = await start({ models: { a: logistic(), b: linear() }, defaultModel: 'c' });
    try {
      const r = await post(`${gone.url}/predict`, { instances: [[1, 1]] });
      expect(r.status).toBe(404);
      expect(r.body.error.message).toBe("Expected the default model 'c' to be served but it is not (served: a, b)");
    } finally {
      await gone.close();
    }
    await expect(serve({ models: { a: logistic() }, defaultModel: '../x' })).rejects.toMatchObject({ name: 'RangeError' });
    await expect(serve({ models: { a: logistic() }, defaultModel: 3 as never })).rejects.toMatchObject({ name: 'TypeError' });
  });

  test('bad arguments are TypeError / RangeError with codes', async () => {
    await expect(serve(logistic(), 'nonsense')).rejects.toMatchObject({ name: 'RangeError', code: 'ERR_REALIZAR_RANGE' });
    await expect(serve(logistic(), '127.0.0.1:70000')).rejects.toMatchObject({ name: 'RangeError' });
    await expect(serve(logistic(), {} as never)).rejects.toMatchObject({ name: 'TypeError' });
    await expect(serve(null as never)).rejects.toMatchObject({ name: 'TypeError', code: 'ERR_REALIZAR_TYPE' });
    await expect(serve({} as never)).rejects.toThrow('Expected models, modelDir or registry');
    await expect(serve({ models: { m: logistic() }, port: -1 })).rejects.toThrow('Expected an integer from 0 to 65535 for port but received -1');
    await expect(serve({ models: { m: logistic() }, port: 1.5 })).rejects.toMatchObject({ name: 'RangeError' });
    await expect(serve({ models: { m: logistic() }, maxRows: 0 })).rejects.toMatchObject({ name: 'RangeError' });
    await expect(serve({ models: { m: logistic() }, timeoutMs: Number.NaN })).rejects.toMatchObject({ name: 'RangeError' });
    await expect(serve({ models: { m: logistic() }, bodyLimit: '1' as never })).rejects.toMatchObject({ name: 'TypeError' });
    await expect(serve({ models: { m: logistic() }, apiKeys: [] })).rejects.toMatchObject({ name: 'RangeError' });
    await expect(serve({ models: { m: logistic() }, apiKeys: [''] })).rejects.toMatchObject({ name: 'TypeError' });
    await expect(serve({ models: { m: logistic() }, cors: 3 as never })).rejects.toMatchObject({ name: 'TypeError' });
    await expect(serve({ models: { m: logistic() }, nope: 1 } as never)).rejects.toThrow("received 'nope'");
    await expect(serve({ models: { 'a/b': logistic() } })).rejects.toMatchObject({ name: 'RangeError' });
    await expect(serve({ models: { m: 42 as never } })).rejects.toMatchObject({ name: 'TypeError' });
    await expect(serve({ models: { m: new (logistic().constructor as unknown as new () => never)() } })).rejects.toMatchObject({ code: 'ERR_REALIZAR_MODEL' });
    await expect(serve({ models: { m: new Uint8Array([1, 2, 3]) }, port: 0 })).rejects.toMatchObject({ code: 'ERR_APRENDER_MODEL_FORMAT' });
    await expect(serve({ models: { m: '/nonexistent/model.apr' }, port: 0 })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('a port in use rejects and close() is idempotent', async () => {
    const a = await serve(logistic(), '127.0.0.1:0');
    try {
      await expect(serve(logistic(), `127.0.0.1:${a.port}`)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await Promise.all([a.close(), a.close()]);
    }
  });
});
