/**
 * Issue 8.10: a cell of hundreds of thousands of characters parses; repeated header names are made unique as pandas
 * does; a whole-file read of a column that turns to decimals or text after many integer rows widens it.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArrowDataset, CsvParseError, StreamingDataset, readCsv } from '../../lib/alimentar';
import { uniqueColumnNames } from '../../lib/alimentar/formats/csv/columns';
import { tempDir } from './helpers';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('CSV edge cases', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);

  it.each([125_000, 300_000, 2_000_000])('a %i-character cell parses, whole and streaming, quoted or not', async (n) => {
    const long = 'x'.repeat(n);
    for (const cell of [long, `"${long}"`, String(7).repeat(n)]) {
      const file = path.join(dir, `long-${n}.csv`);
      writeFileSync(file, `a,b\n1,${cell}\n2,y\n`);
      const table = (await ArrowDataset.open(file)).toTable();
      expect(table.numRows).toBe(2);
      expect(String(table.getChild('b')!.get(0)).length).toBe(n);
      const sd = await StreamingDataset.open(file, { chunkBytes: 1 << 16 });
      let rows = 0;
      for await (const b of sd.batches()) rows += b.numRows;
      expect(rows).toBe(2);
    }
  });

  it('repeated header names become a, a.1, … as in pandas, so toRows keeps every column', () => {
    const table = readCsv(bytes('a,a,b,a,a.1\n1,2,3,4,5\n'));
    expect(table.schema.fields.map((f) => f.name)).toEqual(['a', 'a.1', 'b', 'a.2', 'a.1.1']);
    expect(ArrowDataset.fromTable(table).toRows()).toEqual([{ a: 1, 'a.1': 2, b: 3, 'a.2': 4, 'a.1.1': 5 }]);
    expect(uniqueColumnNames(['x', 'x', 'x'])).toEqual(['x', 'x.1', 'x.2']);
    expect(uniqueColumnNames(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('a column that turns to text or decimals after 200,000 integer rows is widened in a whole-file read', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i},${i},${i}`);
    const file = path.join(dir, 'widen.csv');
    writeFileSync(file, `n,m,k\n${rows.join('\n')}\nhello,1.5,3\n`);
    const table = (await ArrowDataset.open(file)).toTable();
    expect(table.numRows).toBe(200_001);
    expect(table.schema.fields.map((f) => String(f.type))).toEqual(['Utf8', 'Float64', 'Int64']);
    expect(table.getChild('n')!.get(200_000)).toBe('hello');
    expect(table.getChild('n')!.get(7)).toBe('7');
    expect(table.getChild('m')!.get(200_000)).toBe(1.5);
    expect(table.getChild('m')!.get(9)).toBe(9);
  });

  it('a type the caller gave is kept: a value that does not fit it is still an error with its line', () => {
    const text = `n\n${Array.from({ length: 70_000 }, (_, i) => i).join('\n')}\nhello\n`;
    expect(() => readCsv(bytes(text), { columnTypes: { n: 'int64' } })).toThrow(CsvParseError);
    expect(() => readCsv(bytes(text), { columnTypes: { n: 'int64' } })).toThrow(/column 'n' but received 'hello' at line 70002/);
  });

  it('streaming cannot take back batches it handed out: the late text is a CsvParseError naming column and line', async () => {
    const file = path.join(dir, 'late.csv');
    writeFileSync(file, `n\n${Array.from({ length: 70_000 }, (_, i) => i).join('\n')}\nhello\n`);
    const read = async () => {
      const sd = await StreamingDataset.open(file, { csv: { batchRows: 1000 }, chunkBytes: 4096 });
      for await (const b of sd.batches()) void b;
    };
    await expect(read()).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_CSV_PARSE', line: 70_002 });
  });
});
