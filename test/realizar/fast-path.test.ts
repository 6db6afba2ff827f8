/**
 * The fast paths of a predict request: the scan of the usual JSON body straight into rows (the same numbers as
 * JSON.parse, bit for bit; any other body left to JSON.parse and the checks, so every refusal is explained as before),
 * and the cost-based choice between the event loop and the predict workers.
 */
import { Tensor } from '../../lib/trueno/index';
import { scanPredictBody } from '../../lib/realizar/json-rows';
import { ServedModel } from '../../lib/realizar/model';
import { predictRows } from '../../lib/realizar/predict-core';
import type { PredictJob, PredictReply } from '../../lib/realizar/predict-pool';
import type { WorkerPool } from '../../lib/common/worker-pool';
import { serve } from '../../lib/realizar/index';
import { forest, irisLike, logistic, post, start } from './helpers';

/** Doubles JSON.stringify writes for ordinary features: 17-digit ones, exponents of +-20, integers, -0. */
function ordinaryNumbers(): number[] {
  const out = [0, -0, 1, -1, 0.1, 1 / 3, -2 / 3, 2 ** 52, 1e21, 1e-7, 123456789012345680000, 1e-250, 1.5e250];
  let x = 0.5;
  for (let i = 0; i < 400; i++) {
    x = (x * 9301 + 49297) % 233280;
    out.push((x / 233280 - 0.5) * 10 ** ((i % 40) - 20), Math.round(x) * (i % 2 ? 1 : -1));
  }
  return out;
}

/** Numbers the rows kernel cannot prove (past 10^+-280, subnormal, over 19 digits, an exact tie): JSON.parse reads them. */
const EXTREMES = ['5e-324', '2.2250738585072014e-308', '1.7976931348623157e308', '12345678901234567890123', '9007199254740993', '1e-290'];

describe('scanPredictBody', () => {
  test('reads the same doubles as JSON.parse, bit for bit, for numbers written every way JSON allows', () => {
    const nums = ordinaryNumbers();
    const rows: number[][] = [];
    for (let i = 0; i + 4 <= nums.length; i += 4) rows.push(nums.slice(i, i + 4));
    const texts = [JSON.stringify(rows), '[[1E2, 1e+2, 100.000, 1.5e-3], [-0.0, 0e5, 1234567890123456789e4, 1.0000000000000002]]'];
    for (const text of texts) {
      const body = scanPredictBody(Buffer.from(`{"instances": ${text}}`), 1e6)!;
      const want = (JSON.parse(text) as number[][]).flat();
      expect(body.nRows * body.width).toBe(want.length);
      expect(Array.from(body.data)).toEqual(want); // toEqual tells -0 from 0
      expect(Buffer.from(body.data.buffer).equals(Buffer.from(Float64Array.from(want).buffer))).toBe(true);
    }
  });

  test.each(EXTREMES)('leaves %s to JSON.parse (null), which reads it exactly', (text) => {
    expect(scanPredictBody(Buffer.from(`{"instances": [[1, ${text}]]}`), 10)).toBeNull();
  });

  test('takes JSON whitespace anywhere, proba in either place, and trims its buffer to the rows', () => {
    const b = scanPredictBody(Buffer.from(' \r\n{ "proba" :true ,\t"instances":\n[ [ 1 ,2 ] ,[3,4]\n]\n}\n'), 10)!;
    expect(b).toMatchObject({ nRows: 2, width: 2, proba: true });
    expect(Array.from(b.data)).toEqual([1, 2, 3, 4]);
    expect(b.data.buffer.byteLength).toBe(32);
    expect(scanPredictBody(Buffer.from('{"instances":[[1],[2]],"proba":false}'), 10)).toMatchObject({ nRows: 2, width: 1, proba: false });
    const many = scanPredictBody(Buffer.from(JSON.stringify({ instances: Array.from({ length: 700 }, (_, i) => [i, -i, i / 7]) })), 1000)!;
    expect(many.nRows).toBe(700);
    expect(many.data.length).toBe(2100);
    expect(many.data[3 * 699 + 2]).toBe(699 / 7);
  });

  test.each([
    ['not an object', '[[1, 2]]'],
    ['no instances', '{"proba": true}'],
    ['an unknown key', '{"instances": [[1]], "x": 1}'],
    ['instances twice', '{"instances": [[1]], "instances": [[2]]}'],
    ['proba twice', '{"instances": [[1]], "proba": true, "proba": false}'],
    ['an escaped key', '{"\\u0069nstances": [[1]]}'],
    ['proba not a boolean', '{"instances": [[1]], "proba": "yes"}'],
    ['no rows', '{"instances": []}'],
    ['rows of different widths', '{"instances": [[1, 2], [3]]}'],
    ['a null', '{"instances": [[1, null]]}'],
    ['a string', '{"instances": [[1, "2"]]}'],
    ['an object row', '{"instances": [{"a": 1}]}'],
    ['a nested array', '{"instances": [[1, [2]]]}'],
    ['a number past the doubles', '{"instances": [[1e999]]}'],
    ['a leading zero', '{"instances": [[01]]}'],
    ['a leading plus', '{"instances": [[+1]]}'],
    ['a bare point', '{"instances": [[1.]]}'],
    ['NaN', '{"instances": [[NaN]]}'],
    ['a trailing comma', '{"instances": [[1, 2,]]}'],
    ['text after the body', '{"instances": [[1]]} x'],
    ['a cut body', '{"instances": [[1, 2]'],
    ['too many rows', '{"instances": [[1], [2], [3]]}'],
  ])('leaves %s to JSON.parse and the checks (null)', (_what, text) => {
    expect(scanPredictBody(Buffer.from(text), 2)).toBeNull();
  });
});

describe('the scanned body over HTTP', () => {
  test('answers as model.predict, and names instances[0] when every row has the wrong width', async () => {
    const model = forest();
    const server = await start({ models: { iris: model }, maxRows: 100 });
    try {
      const { X } = irisLike();
      const want = Array.from((model.predict(Tensor.from(X)) as Tensor).data as Float64Array);
      const r = await post(`${server.url}/predict/iris`, `{"proba":true,\n"instances":${JSON.stringify(X)}}`);
      expect(r.status).toBe(200);
      expect(r.body.predictions).toEqual(want);
      expect(r.body.probabilities).toHaveLength(X.length);
      const narrow = await post(`${server.url}/predict/iris`, { instances: X.map((row) => row.slice(0, 3)) });
      expect(narrow.status).toBe(422);
      expect(narrow.body.error).toMatchObject({ code: 'ERR_REALIZAR_INVALID_INPUT', field: 'instances[0]', message: 'Expected 4 features for instances[0] but received 3' });
      const tooMany = await post(`${server.url}/predict/iris`, { instances: Array.from({ length: 101 }, () => [1, 2, 3, 4]) });
      expect(tooMany.body.error).toMatchObject({ code: 'ERR_REALIZAR_TOO_MANY_ROWS', field: 'instances' });
    } finally {
      await server.close();
    }
  });

  test('a body with numbers the kernel leaves to JSON.parse answers as model.predict', async () => {
    const model = logistic();
    const server = await serve(model, 0);
    try {
      const X = EXTREMES.map((t, i) => [Number(t), 1, -i, 0.5]);
      const want = Array.from((model.predict(Tensor.from(X)) as Tensor).data as Float64Array);
      const r = await post(`${server.url}/predict`, `{"instances": [${EXTREMES.map((t, i) => `[${t}, 1, ${-i}, 0.5]`).join(', ')}]}`);
      expect(r.status).toBe(200);
      expect(r.body.predictions).toEqual(want);
    } finally {
      await server.close();
    }
  });

  test('bodies of other shapes get the checks and their fields', async () => {
    const server = await serve(logistic(), 0);
    try {
      const cases: [unknown, string][] = [
        [[[1, 2, 3, 4]], 'body'],
        [{ rows: [[1, 2, 3, 4]] }, 'body'],
        [{ instances: 'x' }, 'body.instances'],
        [{ instances: [] }, 'body.instances'],
        [{ instances: [[1, 2, 3, 4]], proba: 1 }, 'body.proba'],
        [{ instances: [[1, 2, 3, 4], [1, 2, 3]] }, 'instances[1]'],
      ];
      for (const [body, field] of cases) {
        const r = await post(`${server.url}/predict`, body);
        expect(r.status).toBe(422);
        expect(r.body.error).toMatchObject({ code: 'ERR_REALIZAR_INVALID_INPUT', field });
        expect(r.body.error.message).toMatch(/^Expected /);
      }
      const proto = await post(`${server.url}/predict`, '{"instances": [[1, 2, 3, 4]], "__proto__": {"x": 1}}');
      expect(proto.status).toBe(400);
    } finally {
      await server.close();
    }
  });
});

describe('where a batch predicts', () => {
  /** A pool that predicts on this thread and counts its jobs, reporting `ms` per job. */
  function countingPool(model: { estimator: unknown }, ms: number) {
    const pool = {
      jobs: 0,
      async run(job: PredictJob): Promise<PredictReply> {
        pool.jobs++;
        return { prediction: predictRows(model.estimator as never, job.data, job.nRows, job.nFeatures, job.proba) as never, ms };
      },
    };
    return pool;
  }
  const { X } = irisLike();
  const rows = { data: Float64Array.from(X.flat()), nRows: X.length, nFeatures: 4 };

  test('a batch of unknown cost goes to a worker; once measured fast, the next ones stay on the event loop', async () => {
    const m = await ServedModel.create('m', logistic(), { version: '1', source: 'memory', started: performance.now() });
    const pool = countingPool(m, 0.01);
    const asPool = pool as unknown as WorkerPool<PredictJob, PredictReply>;
    const first = await m.predict(rows, false, asPool, { rows: 16, ms: 1 });
    expect(pool.jobs).toBe(1);
    const second = await m.predict(rows, false, asPool, { rows: 16, ms: 1 });
    expect(pool.jobs).toBe(1);
    expect(Array.from(second.predictions.values as Float64Array)).toEqual(Array.from(first.predictions.values as Float64Array));
    await m.predict(rows, false, asPool, { rows: 16, ms: 0 }); // offloadMs 0: every batch past offloadRows to the workers
    expect(pool.jobs).toBe(2);
    await m.predict({ ...rows, nRows: 16, data: rows.data.subarray(0, 64) }, false, asPool, { rows: 16, ms: 0 });
    expect(pool.jobs).toBe(2);
  });

  test('a batch measured slow keeps going to the workers', async () => {
    const m = await ServedModel.create('m', forest(), { version: '1', source: 'memory', started: performance.now() });
    const pool = countingPool(m, 500);
    const asPool = pool as unknown as WorkerPool<PredictJob, PredictReply>;
    for (let i = 0; i < 3; i++) await m.predict(rows, false, asPool, { rows: 16, ms: 1 });
    expect(pool.jobs).toBe(3);
  });

  test('offloadMs is checked like the other options', async () => {
    await expect(serve({ models: { m: logistic() }, offloadMs: -1 })).rejects.toThrow(/offloadMs/);
    await expect(serve({ models: { m: logistic() }, offloadMs: 'x' as never })).rejects.toThrow(TypeError);
  });
});
