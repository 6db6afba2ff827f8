/**
 * Request shapes: rows as objects keyed by feature name (a model fitted on an Arrow table), string class labels,
 * missing values for a model that takes them, and Arrow IPC stream bodies in and out.
 */
import { tableFromArrays, tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import { HistGradientBoostingClassifier, LogisticRegression } from '../../lib/aprender/index';
import { Tensor } from '../../lib/trueno/index';
import type { Server } from '../../lib/realizar/index';
import { get, irisLike, post, start } from './helpers';

const ARROW = 'application/vnd.apache.arrow.stream';
const NAMES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

function irisTable(): { table: Table; y: string[]; X: number[][] } {
  const { X, y } = irisLike();
  const cols = Object.fromEntries(NAMES.map((n, j) => [n, Float64Array.from(X.map((r) => r[j]))]));
  return { table: tableFromArrays(cols) as unknown as Table, y: y.map((c) => ['setosa', 'versicolor', 'virginica'][c]), X };
}

async function postArrow(url: string, table: Table, query = ''): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const r = await fetch(`${url}${query}`, { method: 'POST', headers: { 'content-type': ARROW }, body: new Uint8Array(tableToIPC(table, 'stream')) });
  return { status: r.status, type: r.headers.get('content-type'), bytes: new Uint8Array(await r.arrayBuffer()) };
}

describe('named features, labels, missing values and Arrow bodies', () => {
  let server: Server;
  const { table, y, X } = irisTable();
  const named = new LogisticRegression({ maxIter: 200 }).fit(table, y);
  const nanModel = new HistGradientBoostingClassifier({ maxIter: 5 }).fit(irisLike().X, irisLike().y);
  beforeAll(async () => {
    server = await start({ models: { named, hgb: nanModel } });
  });
  afterAll(() => server.close());

  test('/models/:name describes the model: class, features, classes', async () => {
    const r = await get(`${server.url}/models/named`);
    expect(r.body).toMatchObject({
      name: 'named', class: 'LogisticRegression', kind: 'classifier', nFeatures: 4, featureNames: NAMES, namedFeatures: true,
      featureTypes: ['number', 'number', 'number', 'number'], classes: ['setosa', 'versicolor', 'virginica'], probabilities: true, source: 'memory',
    });
    expect(r.body.params).toMatchObject({ maxIter: 200 });
    const all = await get(`${server.url}/models`);
    expect(all.body.models.map((m: { name: string }) => m.name)).toEqual(['hgb', 'named']);
    expect((await get(`${server.url}/models/hgb`)).body).toMatchObject({ allowsMissing: true, featureNames: ['x0', 'x1', 'x2', 'x3'], namedFeatures: false });
  });

  test('rows as objects keyed by feature name, in any key order; labels come back as strings', async () => {
    const rows = X.slice(0, 3).map((r) => ({ petal_width: r[3], sepal_length: r[0], petal_length: r[2], sepal_width: r[1] }));
    const r = await post(`${server.url}/predict/named`, { instances: rows });
    expect(r.status).toBe(200);
    expect(r.body.predictions).toEqual(named.predict(Tensor.from(X.slice(0, 3))));
    const mixed = await post(`${server.url}/predict/named`, { instances: [X[0], rows[1]] });
    expect(mixed.body.predictions).toEqual(named.predict(Tensor.from(X.slice(0, 2))));
  });

  test('a missing, extra or non-numeric feature is named', async () => {
    const missing = await post(`${server.url}/predict/named`, { instances: [{ sepal_length: 1, sepal_width: 2, petal_length: 3 }] });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ field: 'instances[0].petal_width' });
    const extra = await post(`${server.url}/predict/named`, { instances: [{ sepal_length: 1, sepal_width: 2, petal_length: 3, petal_width: 4, colour: 5 }] });
    expect(extra.body.error).toMatchObject({ field: 'instances[0].colour' });
    const text = await post(`${server.url}/predict/named`, { instances: [{ sepal_length: 1, sepal_width: '2', petal_length: 3, petal_width: 4 }] });
    expect(text.body.error.message).toBe("Expected a finite number for instances[0].sepal_width but received '2'");
    const several = await post(`${server.url}/predict`, { instances: [X[0]] });
    expect(several.status).toBe(400);
    expect(several.body.error.message).toMatch(/several models are served: hgb, named/);
  });

  test('null is a missing value for a model that takes them, refused elsewhere', async () => {
    const r = await post(`${server.url}/predict/hgb`, { instances: [[null, 3.1, null, 0.3], X[5]] });
    expect(r.status).toBe(200);
    const want = nanModel.predict(Tensor.from([[NaN, 3.1, NaN, 0.3], X[5]]));
    expect(r.body.predictions).toEqual(Array.from((want as Tensor).data as Float64Array));
    const refused = await post(`${server.url}/predict/named`, { instances: [[null, 3.1, 1, 0.3]] });
    expect(refused.body.error).toMatchObject({ code: 'ERR_REALIZAR_INVALID_INPUT', field: 'instances[0][0]' });
  });

  test('Arrow in, Arrow out: columns by name, probabilities as proba_<class> columns', async () => {
    const r = await postArrow(`${server.url}/predict/named`, table, '?proba=true');
    expect(r.status).toBe(200);
    expect(r.type).toBe(ARROW);
    const out = tableFromIPC(r.bytes);
    expect(out.schema.fields.map((f) => f.name)).toEqual(['prediction', 'proba_setosa', 'proba_versicolor', 'proba_virginica']);
    expect(out.numRows).toBe(60);
    expect(out.getChild('prediction')!.toArray()).toEqual(named.predict(table));
    const p = named.predictProba(table) as Tensor;
    expect(out.getChild('proba_virginica')!.get(7)).toBeCloseTo(p.data[7 * 3 + 2] as number, 12);
  });

  test('an Arrow body that does not parse, lacks a column, holds text or nulls is a clear error', async () => {
    const garbage = await fetch(`${server.url}/predict/named`, { method: 'POST', headers: { 'content-type': ARROW }, body: new Uint8Array([1, 2, 3, 4, 5]) });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as any).error.code).toBe('ERR_REALIZAR_BAD_REQUEST');
    const three = tableFromArrays({ a: new Float64Array(2), b: new Float64Array(2), c: new Float64Array(2) }) as unknown as Table;
    const r3 = await fetch(`${server.url}/predict/named`, { method: 'POST', headers: { 'content-type': ARROW }, body: new Uint8Array(tableToIPC(three, 'stream')) });
    expect(r3.status).toBe(422);
    expect(((await r3.json()) as any).error.message).toMatch(/Expected the columns sepal_length, sepal_width, petal_length, petal_width/);
    const text = tableFromArrays({ sepal_length: ['a'], sepal_width: [1], petal_length: [1], petal_width: [1] }) as unknown as Table;
    const rt = await fetch(`${server.url}/predict/named`, { method: 'POST', headers: { 'content-type': ARROW }, body: new Uint8Array(tableToIPC(text, 'stream')) });
    expect(((await rt.json()) as any).error).toMatchObject({ code: 'ERR_REALIZAR_INVALID_INPUT', field: 'sepal_length' });
    const withNull = tableFromArrays({ sepal_length: [1, null], sepal_width: [1, 1], petal_length: [1, 1], petal_width: [1, 1] } as never) as unknown as Table;
    const rn = await fetch(`${server.url}/predict/named`, { method: 'POST', headers: { 'content-type': ARROW }, body: new Uint8Array(tableToIPC(withNull, 'stream')) });
    expect(((await rn.json()) as any).error).toMatchObject({ field: 'sepal_length[1]' });
    const badQuery = await postArrow(`${server.url}/predict/named`, table, '?proba=maybe');
    expect(badQuery.status).toBe(422);
    const empty = tableFromArrays({ sepal_length: new Float64Array(0), sepal_width: new Float64Array(0), petal_length: new Float64Array(0), petal_width: new Float64Array(0) }) as unknown as Table;
    expect((await postArrow(`${server.url}/predict/named`, empty)).status).toBe(422);
  });

  test('JSON in, Arrow out when Accept asks for it', async () => {
    const r = await fetch(`${server.url}/predict/hgb`, { method: 'POST', headers: { 'content-type': 'application/json', accept: ARROW }, body: JSON.stringify({ instances: X.slice(0, 4) }) });
    expect(r.headers.get('content-type')).toBe(ARROW);
    const out = tableFromIPC(new Uint8Array(await r.arrayBuffer()));
    expect(Array.from(out.getChild('prediction')!.toArray() as Float64Array)).toEqual(Array.from((nanModel.predict(Tensor.from(X.slice(0, 4))) as Tensor).data as Float64Array));
  });
});
