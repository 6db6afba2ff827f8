import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import {
  AlimentarError, ArrowDataset, CsvParseError, IpcError, NotFoundError, ParquetError, SchemaMismatchError,
  StreamingDataset, UnknownFormatError, WriteError, readCsv,
} from '../../lib/alimentar';
import { DATA, tempDir } from './helpers';

const enc = (s: string) => new TextEncoder().encode(s);

function caught(fn: () => unknown): Error & { code?: string; line?: number } {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('bad input', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('a ragged CSV row names its line', () => {
    const e = caught(() => readCsv(enc('a,b\n1,2\n3,4\n5\n6,7\n')));
    expect(e).toBeInstanceOf(CsvParseError);
    expect(e).toMatchObject({ code: 'ERR_ALIMENTAR_CSV_PARSE', line: 4 });
    expect(e.message).toBe('Expected 2 fields in a row but received 1 at line 4');
  });

  it('an unterminated quote names the line where the field starts', () => {
    const e = caught(() => readCsv(enc('a,b\n1,2\n3,"open\nstill open\n')));
    expect(e).toMatchObject({ code: 'ERR_ALIMENTAR_CSV_PARSE', line: 3 });
  });

  it('text after a closing quote names its line', () => {
    const e = caught(() => readCsv(enc('a,b\n1,2\n3,"x"y\n')));
    expect(e).toMatchObject({ code: 'ERR_ALIMENTAR_CSV_PARSE', line: 3 });
    expect(e.message).toMatch(/after a closing quote but received 'y'/);
  });

  it('a value that does not fit an explicit type names the column and line', () => {
    const e = caught(() => readCsv(enc('a,b\n1,2\n3,x\n'), { columnTypes: { b: 'int32' } }));
    expect(e.message).toBe("Expected a int32 value for column 'b' but received 'x' at line 3");
  });

  it('truncated and corrupt Parquet give ParquetError', async () => {
    const good = readFileSync(path.join(DATA, 'iris.parquet'));
    writeFileSync(path.join(dir, 'cut.parquet'), good.subarray(0, good.length - 100));
    const flipped = Buffer.from(good);
    flipped.fill(0x55, 200, 2000);
    writeFileSync(path.join(dir, 'bad.parquet'), flipped);
    for (const f of ['cut.parquet', 'bad.parquet']) {
      const e = await ArrowDataset.open(path.join(dir, f)).catch((x) => x);
      expect(e).toBeInstanceOf(ParquetError);
      expect(e.code).toBe('ERR_ALIMENTAR_PARQUET');
    }
  });

  it('truncated IPC files and streams give IpcError', async () => {
    const file = readFileSync(path.join(DATA, 'iris.arrow'));
    const stream = ArrowDataset.fromTable((await ArrowDataset.open(path.join(DATA, 'iris.arrow'))).toTable()).toBytes('arrows');
    writeFileSync(path.join(dir, 'cut.arrow'), file.subarray(0, file.length - 50));
    writeFileSync(path.join(dir, 'cut.arrows'), stream.subarray(0, stream.length - 8));
    writeFileSync(path.join(dir, 'mid.arrows'), stream.subarray(0, 500));
    for (const f of ['cut.arrow', 'cut.arrows', 'mid.arrows']) {
      const e = await ArrowDataset.open(path.join(dir, f)).catch((x) => x);
      expect(e).toBeInstanceOf(IpcError);
    }
  });

  it('an unknown format and a missing file have their own codes', async () => {
    writeFileSync(path.join(dir, 'mystery.bin'), 'hello');
    await expect(ArrowDataset.open(path.join(dir, 'mystery.bin'))).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_UNKNOWN_FORMAT' });
    await expect(ArrowDataset.open(path.join(dir, 'mystery.bin'))).rejects.toBeInstanceOf(UnknownFormatError);
    await expect(ArrowDataset.open(path.join(dir, 'nope.parquet'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(StreamingDataset.open(path.join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_NOT_FOUND' });
  });

  it('picks the format from content when the extension says nothing', async () => {
    writeFileSync(path.join(dir, 'noext'), readFileSync(path.join(DATA, 'iris.parquet')));
    expect((await ArrowDataset.open(path.join(dir, 'noext'))).numRows).toBe(150);
  });

  it('concat of different schemas is a SchemaMismatchError', async () => {
    const iris = await ArrowDataset.open(path.join(DATA, 'iris.parquet'));
    expect(ArrowDataset.concat([iris, iris]).numRows).toBe(300);
    const e = caught(() => ArrowDataset.concat([iris, iris.drop(['target'])]));
    expect(e).toBeInstanceOf(SchemaMismatchError);
    expect(e).toBeInstanceOf(AlimentarError);
    expect(e.code).toBe('ERR_ALIMENTAR_SCHEMA_MISMATCH');
  });

  it('a failed write leaves neither a partial file nor a temporary one', async () => {
    const iris = await ArrowDataset.open(path.join(DATA, 'iris.parquet'));
    await expect(iris.write(path.join(dir, 'missing-dir', 'x.parquet'))).rejects.toBeInstanceOf(WriteError);
    writeFileSync(path.join(dir, 'keep.csv'), 'old');
    mkdirSync(path.join(dir, 'keep.parquet'));
    await expect(iris.write(path.join(dir, 'keep.parquet'))).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_WRITE' });
    await expect(iris.write(path.join(dir, 'keep.csv'), { csv: { delimiter: ',,' } })).rejects.toThrow(TypeError);
    expect(readFileSync(path.join(dir, 'keep.csv'), 'utf8')).toBe('old');
    expect(readdirSync(dir).sort()).toEqual(['keep.csv', 'keep.parquet']);
  });

  it('validates arguments with TypeError / RangeError and .code', () => {
    const ds = ArrowDataset.fromTable(readCsv(enc('a\n1\n')));
    expect(() => ds.head(-1)).toThrow(RangeError);
    expect(() => ds.select('a' as never)).toThrow(TypeError);
    expect(() => ds.select(['zz'])).toThrow("Expected a column of the dataset (a) but received 'zz'");
    expect(() => ArrowDataset.fromTable({} as never)).toThrow('Expected an apache-arrow Table for table but received an object');
    expect(() => readCsv(enc('a\n'), { delimiter: ',,' })).toThrow(TypeError);
  });
});
