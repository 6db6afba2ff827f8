/**
 * A writer for the kill -9 test (faults.test.ts): opens (or creates) the table at argv[2] and appends batches of
 * BATCH rows with ids from argv[3] on, forever, printing `ready` once open and then `<version> <first id>` as each
 * append resolves. The parent kills it at a random moment.
 */
import { Field, Float64, Int64, Schema, Table, vectorFromArray } from 'apache-arrow';
import { writeParquet } from '../../../lib/alimentar/formats/parquet';
import { DeltaTable } from '../../../lib/trueno-db/delta';

export const BATCH = 25;
export const KILL_SCHEMA = new Schema([new Field('id', new Int64(), false), new Field('x', new Float64(), true)]);

async function main(root: string, start: number): Promise<void> {
  const table = await DeltaTable.open(root, { create: { schema: KILL_SCHEMA } });
  // parquet-wasm compiles on first use: done before 'ready' so the kill lands among appends, not in the warm-up
  writeParquet(new Table({ x: vectorFromArray([1], new Float64()) }));
  process.stdout.write('ready\n');
  for (let first = start; ; first += BATCH) {
    const data = new Table({
      id: vectorFromArray(Array.from({ length: BATCH }, (_, i) => BigInt(first + i)), new Int64()),
      x: vectorFromArray(Array.from({ length: BATCH }, (_, i) => first + i / 2), new Float64()),
    });
    const version = await table.append(data);
    process.stdout.write(`${version} ${first}\n`);
  }
}

if (require.main === module) {
  main(process.argv[2], Number(process.argv[3])).catch((e) => {
    process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  });
}
