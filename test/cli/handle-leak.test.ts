/**
 * No command leaves a file handle for the garbage collector: Node closes a FileHandle that is collected while open
 * and warns "Closing file descriptor N on garbage collection" (DEP0137; a future Node throws instead). Each case runs
 * in a child process with --expose-gc, forces collection after the command and checks stderr for that warning.
 */
import * as path from 'node:path';
import { convertFile } from '../../lib/alimentar';
import { flip, mutant } from '../alimentar/corrupt';
import { DATA, tempDir } from '../alimentar/helpers';
import { repoRoot, runNode } from '../helpers/child';

const WARNING = /Closing file descriptor \d+ on garbage collection/;

/** Runs `body` (an async function body with `main` of the alimentar CLI and StreamingDataset in scope), then collects garbage. */
function runCollected(body: string) {
  const code = `
    const { main } = require('./lib/cli/alimentar');
    const { StreamingDataset } = require('./lib/alimentar');
    const io = { stdout: { write: () => true }, stderr: { write: () => true } };
    (async () => {
      ${body}
      for (let i = 0; i < 3; i++) { global.gc(); await new Promise((r) => setTimeout(r, 20)); }
      console.log('collected');
    })();`;
  return runNode(code, {}, { nodeArgs: ['--expose-gc', '--require', path.join(repoRoot, 'scripts/register-ts.js')] });
}

describe('file handles are closed, not collected', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  // iris.parquet with a data page changed so that decoding the row group fails after the footer opened fine
  const trapping = mutant('iris.parquet', path.join(dir, 'trapping.parquet'), flip(1061, 4));

  it('the check sees a handle left open (control)', () => {
    const r = runCollected(`await require('node:fs').promises.open(${JSON.stringify(trapping)}, 'r');`);
    expect(r.stdout).toContain('collected');
    expect(r.stderr).toMatch(WARNING);
  });

  it.each([
    ['head', ['head', trapping, '--json'], 3],
    ['info', ['info', trapping, '--json'], 0],
    ['schema', ['schema', trapping, '--json'], 0],
    ['convert', ['convert', trapping, path.join(dir, 'out.csv'), '--json'], 3],
    ['head of a good file', ['head', path.join(DATA, 'iris.parquet'), '-n', '3', '--json'], 0],
  ])('%s closes its file on every path', (_name, args, exitCode) => {
    const r = runCollected(`console.log('exit', await main(${JSON.stringify(args)}, io));`);
    expect(r.stdout).toContain(`exit ${exitCode}`);
    expect(r.stdout).toContain('collected');
    expect(r.stderr).not.toMatch(WARNING);
  });

  it.each([['arrow'], ['arrows'], ['csv'], ['jsonl']])('a .%s StreamingDataset closed in the middle of batches() closes its file', async (ext) => {
    const file = path.join(dir, `iris.${ext}`);
    await convertFile(path.join(DATA, 'iris.parquet'), file);
    // one batch, then close without return(): the iteration was left suspended, its file open
    const r = runCollected(`
      const sd = await StreamingDataset.open(${JSON.stringify(file)}, { chunkBytes: 256, csv: { batchRows: 10 }, json: { batchRows: 10 } });
      const it = sd.batches();
      console.log('rows', (await it.next()).value.numRows);
      sd.close();
      await new Promise((r) => setTimeout(r, 20));
      console.log('fds', require('node:fs').readdirSync('/proc/self/fd').filter((fd) => {
        try { return require('node:fs').readlinkSync('/proc/self/fd/' + fd) === ${JSON.stringify(file)}; } catch { return false; }
      }).length);`);
    expect(r.stdout).toMatch(/rows \d+/);
    expect(r.stdout).toContain('fds 0');
    expect(r.stdout).toContain('collected');
    expect(r.stderr).not.toMatch(WARNING);
  });
});
