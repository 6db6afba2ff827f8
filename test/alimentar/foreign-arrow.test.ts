/**
 * Issue 8.12: a Table built with apache-arrow's ES module build (a different set of classes from the CommonJS build
 * alimentar runs on) is adopted, so every write produces a file that decodes to the same rows. Run in a real ES module
 * child process, where `import 'apache-arrow'` loads the ESM build.
 */
import * as path from 'node:path';
import { Int32, Table, makeVector } from 'apache-arrow';
import { adoptTable } from '../../lib/alimentar/formats/foreign-arrow';
import { runChild } from './corrupt';
import { tempDir } from './helpers';

const PROGRAM = `
import { Bool, Dictionary, Field, Float64, Int32, Int64, List, Struct, TimestampMillisecond, Utf8, tableFromArrays, vectorFromArray, makeTable, Table } from 'apache-arrow';
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const cjs = require('apache-arrow');
const { ArrowDataset, writeParquet, writeIpc, readIpc } = require('./lib/alimentar/index.ts');
const dir = process.argv[1];
const n = 5;
const esm = new Table({
  f: vectorFromArray([1.5, null, 3, 4, 5], new Float64()),
  i: vectorFromArray([1n, 2n, null, 4n, 5n], new Int64()),
  s: vectorFromArray(['a', 'b', null, 'd', 'é'], new Utf8()),
  b: vectorFromArray([true, false, null, true, false], new Bool()),
  cat: vectorFromArray(['x', 'y', 'x', null, 'y'], new Dictionary(new Utf8(), new Int32())),
  t: vectorFromArray([0, 1000, null, 3000, 4000], new TimestampMillisecond()),
  l: vectorFromArray([[1], [2, 3], null, [], [5]], new List(new Field('item', new Int32(), true))),
  st: vectorFromArray([{ x: 1 }, { x: 2 }, null, { x: 4 }, { x: 5 }], new Struct([new Field('x', new Int32(), true)])),
});
if (esm instanceof cjs.Table && Object.getPrototypeOf(esm) === cjs.Table.prototype) throw new Error('not a foreign table');
const show = (rows) => JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
const want = show(esm.toArray().map((r) => r.toJSON()));
const ds = ArrowDataset.fromTable(esm);
const out = {};
for (const ext of ['arrow', 'arrows', 'parquet']) {
  const file = dir + '/esm.' + ext;
  await ds.write(file);
  const back = (await ArrowDataset.open(file)).toTable();
  const got = show(back.toArray().map((r) => r.toJSON()));
  out[ext] = back.numRows === n && got === want ? 'same' : got;
}
out.writeIpc = readIpc(writeIpc(esm, 'file')).numRows;
out.writeParquet = writeParquet(esm).length > 0;
for (const ext of ['csv', 'jsonl']) { const file = dir + '/esm.' + ext; await ds.write(file); out[ext] = (await ArrowDataset.open(file)).numRows; }
console.log(JSON.stringify(out));
`;

describe('tables from another apache-arrow build', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it('an ES module Table written to .arrow, .arrows and .parquet decodes to the same rows', async () => {
    const run = await runChild(PROGRAM, { module: true, args: [dir], timeoutMs: 60_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ arrow: 'same', arrows: 'same', parquet: 'same', writeIpc: 5, writeParquet: true, csv: 5, jsonl: 5 });
  }, 70_000);

  it('a table of this build is passed through unchanged (no copy, no rebuild)', () => {
    const table = new Table({ a: makeVector(Int32Array.from([1, 2])) });
    expect(adoptTable(table)).toBe(table);
    expect(adoptTable(table).schema.fields[0].type).toBeInstanceOf(Int32);
  });

  it('a foreign table with a type that cannot be rebuilt is refused with ERR_ALIMENTAR_TYPE', () => {
    const fake = { schema: { fields: [{ name: 'v', nullable: true, type: { typeId: 99, toString: () => 'Mystery' } }], metadata: new Map() }, batches: [] };
    expect(() => adoptTable(fake as never)).toThrow(expect.objectContaining({ code: 'ERR_ALIMENTAR_TYPE', message: expect.stringContaining('Mystery') }));
  });
});
