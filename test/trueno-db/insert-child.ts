/**
 * A process that inserts into an on-disk database until it is killed (test/trueno-db/kill.test.ts). It prints `ready`
 * once the database is open, then the first id of each batch whose insertBatch (or INSERT statement) promise has
 * resolved (after a warm-up insert into another table). Usage: node -r scripts/register-ts.js test/trueno-db/insert-child.ts <dir> <start>
 */
import { Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { Database } from '../../lib/trueno-db';

export const BATCH = 50;

async function main(dir: string, start: number): Promise<void> {
  const db = await Database.open(dir, { create: true, workers: false });
  // load the Parquet writer and the SQL front end before the kill window opens
  await db.exec('CREATE TABLE IF NOT EXISTS warm (k INTEGER); INSERT INTO warm VALUES (1)');
  process.stdout.write('ready\n');
  for (let k = 0; ; k++) {
    const first = start + k * BATCH;
    if (k % 4 === 3) {
      const values = Array.from({ length: BATCH }, (_, i) => `(${first + i}, 'sql')`).join(', ');
      await db.exec(`INSERT INTO t VALUES ${values}`);
    } else {
      await db.insertBatch('t', new Table({
        id: vectorFromArray(Array.from({ length: BATCH }, (_, i) => first + i), new Int32()),
        tag: vectorFromArray(Array.from({ length: BATCH }, () => 'batch'), new Utf8()),
      }));
    }
    process.stdout.write(`${first}\n`);
  }
}

if (require.main === module) {
  main(process.argv[2], Number(process.argv[3])).catch((e) => {
    process.stderr.write(String(e?.stack ?? e));
    process.exit(1);
  });
}
