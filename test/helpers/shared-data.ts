/**
 * Where the shared real datasets live: ../shared/data beside the repository (where the design card and CI put them),
 * or SOVEREIGN_SHARED_DATA for a checkout elsewhere. A missing folder fails loudly once instead of as dozens of ENOENTs.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const SHARED_DATA = path.resolve(process.env.SOVEREIGN_SHARED_DATA ?? path.join(__dirname, '../../../shared/data'));

if (!existsSync(path.join(SHARED_DATA, 'iris.parquet'))) {
  throw new Error(
    `Expected the shared datasets (iris.parquet, ...) in ${SHARED_DATA}: clone the repository beside ../shared, or set SOVEREIGN_SHARED_DATA to the data folder`,
  );
}
