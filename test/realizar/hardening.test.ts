/**
 * The hardening of the HTTP surface: JSON errors with stable codes and no stacks or paths for every route, 404 / 405
 * / 415 / 422 / 413, the rows limit, the per-request deadline, the concurrency limit (503 + Retry-After), Bearer API
 * keys, CORS off unless configured.
 */
import { Tensor } from '../../lib/trueno/index';
import { bearerCheck } from '../../lib/realizar/http';
import type { Server } from '../../lib/realizar/index';
import { forest, get, irisLike, logistic, post, start } from './helpers';

/** No stack trace, no file path in an error body. */
function expectClean(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat .*\(|\.ts:\d|\.js:\d|\/work\/|node_modules|lib\/realizar/);
}

describe('errors of realizar routes', () => {
  let server: Server;
  beforeAll(async () => {
    server = await start({ models: { iris: logistic() }, maxRows: 10, bodyLimit: 4096 });
  });
  afterAll(() => server.close());

  test.each([
    ['GET', '/nope', 404, 'ERR_REALIZAR_NOT_FOUND'],
    ['GET', '/models/unknown', 404, 'ERR_REALIZAR_MODEL_NOT_FOUND'],
    ['GET', '/models/..%2F..%2Fetc', 422, 'ERR_REALIZAR_INVALID_INPUT'],
    ['DELETE', '/predict', 405, 'ERR_REALIZAR_METHOD_NOT_ALLOWED'],
    ['PUT', '/models', 405, 'ERR_REALIZAR_METHOD_NOT_ALLOWED'],
    ['POST', '/health', 405, 'ERR_REALIZAR_METHOD_NOT_ALLOWED'],
    ['GET', '/predict', 405, 'ERR_REALIZAR_METHOD_NOT_ALLOWED'],
    ['PATCH', '/v2/models/iris/infer', 405, 'ERR_REALIZAR_METHOD_NOT_ALLOWED'],
    ['OPTIONS', '/predict', 405, 'ERR_REALIZAR_METHOD_NOT_ALLOWED'],
  ])('%s %s answers %i %s as JSON', async (method, route, status, code) => {
    const r = await fetch(`${server.url}${route}`, { method });
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await r.json()) as Record<string, any>;
    const got = route.startsWith('/v2') ? body.code : body.error.code;
    expect(got).toBe(code);
    if (status === 405) expect(r.headers.get('allow')).toMatch(/GET|POST/);
    expectClean(body);
  });

  test('HEAD of a POST route is 405 with Allow; HEAD of a GET route answers', async () => {
    const r = await fetch(`${server.url}/predict`, { method: 'HEAD' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect((await fetch(`${server.url}/health`, { method: 'HEAD' })).status).toBe(200);
  });

  const bad: [string, unknown, number, string, string | undefined][] = [
    ['a body without instances', { rows: [[1, 2, 3, 4]] }, 422, 'ERR_REALIZAR_INVALID_INPUT', undefined],
    ['an unknown property', { instances: [[1, 2, 3, 4]], extra: 1 }, 422, 'ERR_REALIZAR_INVALID_INPUT', undefined],
    ['instances not an array', { instances: 'x' }, 422, 'ERR_REALIZAR_INVALID_INPUT', 'body.instances'],
    ['no rows', { instances: [] }, 422, 'ERR_REALIZAR_INVALID_INPUT', undefined],
    ['proba not a boolean', { instances: [[1, 2, 3, 4]], proba: 'yes' }, 422, 'ERR_REALIZAR_INVALID_INPUT', 'body.proba'],
    ['too few features', { instances: [[1, 2, 3, 4], [1, 2, 3]] }, 422, 'ERR_REALIZAR_INVALID_INPUT', 'instances[1]'],
    ['a string value', { instances: [[1, 2, '3', 4]] }, 422, 'ERR_REALIZAR_INVALID_INPUT', 'instances[0][2]'],
    ['a null value', { instances: [[1, null, 3, 4]] }, 422, 'ERR_REALIZAR_INVALID_INPUT', 'instances[0][1]'],
    ['a nested value', { instances: [[1, [2], 3, 4]] }, 422, 'ERR_REALIZAR_INVALID_INPUT', 'instances[0][1]'],
    ['a row that is a number', { instances: [5] }, 422, 'ERR_REALIZAR_INVALID_INPUT', 'instances[0]'],
    ['an object row without feature names', { instances: [{ a: 1 }] }, 422, 'ERR_REALIZAR_INVALID_INPUT', 'instances[0]'],
    ['too many rows', { instances: Array.from({ length: 11 }, () => [1, 2, 3, 4]) }, 422, 'ERR_REALIZAR_TOO_MANY_ROWS', 'instances'],
  ];
  test.each(bad)('%s: answered %#, the code and the field', async (_what, body, status, code, field) => {
    const r = await post(`${server.url}/predict`, body);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    if (field !== undefined) expect(r.body.error.field).toBe(field);
    expect(r.body.error.message).toMatch(/^Expected /);
    expectClean(r.body);
  });

  test('NaN and Infinity (not JSON) are refused as a parse error; huge numbers as not finite', async () => {
    for (const text of ['{"instances": [[NaN, 1, 2, 3]]}', '{"instances": [[Infinity, 1, 2, 3]]}', '{"instances": [[1,2', '', 'null']) {
      const r = await post(`${server.url}/predict`, text);
      expect([400, 422]).toContain(r.status);
      expect(r.body.error.code).toMatch(/ERR_REALIZAR_(BAD_REQUEST|INVALID_INPUT)/);
      expectClean(r.body);
    }
    const r = await post(`${server.url}/predict`, '{"instances": [[1e999, 1, 2, 3]]}');
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ field: 'instances[0][0]' });
  });

  test('other media types get 415, bodies past the limit 413', async () => {
    const r = await fetch(`${server.url}/predict`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '1,2,3,4' });
    expect(r.status).toBe(415);
    expect(((await r.json()) as any).error.code).toBe('ERR_REALIZAR_UNSUPPORTED_MEDIA_TYPE');
    const big = await post(`${server.url}/predict`, { instances: Array.from({ length: 400 }, () => [1.123456, 2.123456, 3.123456, 4.123456]) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('ERR_REALIZAR_BODY_TOO_LARGE');
  });

  test('/metrics counts requests by route and status, rows and load time', async () => {
    await post(`${server.url}/predict`, { instances: [[1, 2, 3, 4], [1, 2, 3, 4]] });
    const text = (await get(`${server.url}/metrics`)).body as string;
    expect(text).toMatch(/realizar_requests_total\{method="POST",route="\/predict",status="200"\} \d+/);
    expect(text).toMatch(/realizar_requests_total\{method="POST",route="\/predict",status="422"\} \d+/);
    expect(text).toMatch(/realizar_rows_predicted_total\{model="iris"\} \d+/);
    expect(text).toMatch(/realizar_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/predict"\}/);
    expect(text).toMatch(/realizar_model_load_seconds\{model="iris",version="1"\}/);
    expect(text).toMatch(/realizar_requests_in_flight \d/);
  });
});

describe('limits', () => {
  test('past maxConcurrent: 503 with Retry-After; a prediction past timeoutMs: 504, its slot held until it ends', async () => {
    const model = forest();
    // a predictor that waits on a latch, so that predictions stay in flight as long as the test wants
    let release!: () => void;
    const latch = new Promise<void>((r) => (release = r));
    const slow = forest();
    (slow as unknown as { predict: unknown }).predict = async (X: Tensor) => {
      await latch;
      return model.predict(X);
    };
    const server = await start({ models: { m: slow }, maxConcurrent: 2, timeoutMs: 300, predictThreads: 0 });
    try {
      const row = irisLike().X[0];
      const held = [post(`${server.url}/predict`, { instances: [row] }), post(`${server.url}/predict`, { instances: [row] })];
      // wait until both hold their slots (the in-flight gauge says so), then a third is refused
      for (let i = 0; i < 200 && !/realizar_requests_in_flight 3/.test((await get(`${server.url}/metrics`)).body); i++) await new Promise((r) => setTimeout(r, 10));
      const busy = await post(`${server.url}/predict`, { instances: [row] });
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      expect(busy.body.error.code).toBe('ERR_REALIZAR_BUSY');
      for (const r of await Promise.all(held)) {
        expect(r.status).toBe(504);
        expect(r.body.error.code).toBe('ERR_REALIZAR_TIMEOUT');
      }
      // past the deadline the work itself still holds the slots
      expect((await post(`${server.url}/predict`, { instances: [row] })).status).toBe(503);
      release();
      await latch;
      let ok;
      for (let i = 0; i < 100; i++) {
        ok = await post(`${server.url}/predict`, { instances: [row] });
        if (ok.status === 200) break;
      }
      expect(ok!.status).toBe(200);
      expect(ok!.body.predictions).toEqual(Array.from((model.predict(Tensor.from([row])) as Tensor).data as Float64Array));
    } finally {
      release();
      await server.close();
    }
  });
});

describe('API keys and CORS', () => {
  const KEY = 'k-0123456789abcdef';
  let server: Server;
  beforeAll(async () => {
    server = await start({ models: { iris: logistic() }, apiKeys: ['other-key-0123456789', KEY] });
  });
  afterAll(() => server.close());

  test('routes need a Bearer key; health and readiness do not', async () => {
    const row = irisLike().X[0];
    expect((await post(`${server.url}/predict`, { instances: [row] })).status).toBe(401);
    const wrong = await post(`${server.url}/predict`, { instances: [row] }, { authorization: `Bearer ${KEY}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('ERR_REALIZAR_UNAUTHORIZED');
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect((await post(`${server.url}/predict`, { instances: [row] }, { authorization: `Basic ${KEY}` })).status).toBe(401);
    expect((await post(`${server.url}/predict`, { instances: [row] }, { authorization: `Bearer ${KEY}` })).status).toBe(200);
    expect((await get(`${server.url}/models`, { authorization: `bearer ${KEY}` })).status).toBe(200);
    expect((await get(`${server.url}/metrics`)).status).toBe(401);
    expect((await get(`${server.url}/v2/models/iris`)).status).toBe(401);
    expect((await get(`${server.url}/health`)).status).toBe(200);
    expect((await get(`${server.url}/ready`)).status).toBe(200);
    expect((await get(`${server.url}/v2/health/ready`)).status).toBe(200);
  });

  test('the key check compares every key and refuses malformed headers', () => {
    const check = bearerCheck(['a'.repeat(20), 'b'.repeat(20)]);
    expect(check(`Bearer ${'a'.repeat(20)}`)).toBe(true);
    expect(check(`Bearer ${'b'.repeat(20)}`)).toBe(true);
    expect(check(`Bearer ${'a'.repeat(19)}`)).toBe(false);
    expect(check(undefined)).toBe(false);
    expect(check('')).toBe(false);
    expect(check('Bearer')).toBe(false);
    expect(check(`Bearer ${'a'.repeat(20)} extra`)).toBe(false);
  });

  test('CORS is off by default and on for the configured origin', async () => {
    const r = await fetch(`${server.url}/health`, { headers: { origin: 'https://app.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    const withCors = await start({ models: { iris: logistic() }, cors: ['https://app.example'] });
    try {
      const ok = await fetch(`${withCors.url}/health`, { headers: { origin: 'https://app.example' } });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
      const other = await fetch(`${withCors.url}/health`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const pre = await fetch(`${withCors.url}/predict`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
      expect(pre.status).toBeLessThan(300);
    } finally {
      await withCors.close();
    }
  });
});
