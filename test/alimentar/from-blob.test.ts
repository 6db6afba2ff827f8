/** ArrowDataset.fromBlob: a Blob or File (a page's picked file, Node's fs.openAsBlob) decodes like its bytes. */
import { openAsBlob, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArrowDataset } from '../../lib/alimentar';
import { SHARED_DATA } from '../helpers/shared-data';

const iris = (ext: string) => path.join(SHARED_DATA, `iris.${ext}`);

test.each(['parquet', 'arrow', 'csv'])('a File of iris.%s decodes as its bytes do, the format from its name or content', async (ext) => {
  const bytes = readFileSync(iris(ext));
  const want = ArrowDataset.fromBytes(bytes, {}, `iris.${ext}`);
  const named = await ArrowDataset.fromBlob(new File([bytes], `picked.${ext}`));
  expect(named.numRows).toBe(want.numRows);
  expect(named.toRows()).toEqual(want.toRows());
  if (ext !== 'csv') expect((await ArrowDataset.fromBlob(new Blob([bytes]))).toRows()).toEqual(want.toRows()); // from content
});

test('a lazily read Blob from fs.openAsBlob, with a column projection', async () => {
  const ds = await ArrowDataset.fromBlob(await openAsBlob(iris('parquet')), { columns: ['target'] });
  expect(ds.columnNames).toEqual(['target']);
  expect(ds.numRows).toBe(150);
});

test('bad input: not a Blob, a Blob of unknown content, an empty Blob, a corrupt File', async () => {
  for (const bad of [undefined, null, 'iris.parquet', new Uint8Array(4), { size: 1, arrayBuffer: async () => new ArrayBuffer(1) }]) {
    await expect(ArrowDataset.fromBlob(bad as never)).rejects.toMatchObject({ name: 'TypeError', code: 'ERR_ALIMENTAR_TYPE', message: expect.stringMatching(/^Expected a Blob or File for blob but received/) });
  }
  await expect(ArrowDataset.fromBlob(new Blob([new Uint8Array([1, 2, 3])]))).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_UNKNOWN_FORMAT' });
  await expect(ArrowDataset.fromBlob(new Blob([]))).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_UNKNOWN_FORMAT' });
  await expect(ArrowDataset.fromBlob(new File([new Uint8Array([80, 65, 82, 49, 0, 80, 65, 82, 49])], 'x.parquet'))).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_PARQUET' });
});
