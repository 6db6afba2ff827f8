/**
 * The sample datasets shipped in the package's `samples/` folder (see samples/README.md for their sources and
 * licences), so examples run in any app after install without a download.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../trueno/backend/loader';
import { NotFoundError } from './errors';
import { expectString } from './validate';

/**
 * The path of a sample dataset shipped with the package.
 * @param name - a file in the package's samples/ folder: 'iris.parquet' or 'iris.csv'
 * @returns its absolute path in the installed package
 * @throws TypeError for a non-string name; NotFoundError (ERR_ALIMENTAR_NOT_FOUND) naming the samples there for an
 *   unknown one
 * @example
 * const iris = await ArrowDataset.open(samplePath('iris.parquet')); // 150 rows, 5 columns
 */
export function samplePath(name: string): string {
  expectString(name, 'name');
  const dir = path.join(packageRoot(), 'samples');
  const available = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => !f.endsWith('.md')) : [];
  if (!available.includes(name)) {
    throw new NotFoundError(`Expected one of ${available.join(', ') || '(none)'} for samplePath name but received '${name}'`);
  }
  return path.join(dir, name);
}
