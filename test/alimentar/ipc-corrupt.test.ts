/**
 * Issue 8.9: damaged Arrow IPC files and streams are IpcErrors (with the file's name), never a hang, a heap blow-up or
 * a silently shorter table; empty and truncated files are errors; `convert` of one writes nothing. Cases that used to
 * hang or exhaust the heap run in a child process with a time limit and a heap cap.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArrowDataset, IpcError, convertFile, readIpc, writeIpc } from '../../lib/alimentar';
import { main } from '../../lib/cli/alimentar';
import { cut, flip, mutant, runChild, streamRows } from './corrupt';
import { DATA, tempDir } from './helpers';

/** Opens each file whole and streaming in a child; prints one line per file: the two outcomes (rows or error code). */
const OPEN_BOTH = `const { ArrowDataset, StreamingDataset } = require('./lib/alimentar');
(async () => { for (const f of process.argv.slice(1)) {
  const whole = await ArrowDataset.open(f).then((d) => 'rows' + d.numRows, (e) => e.code ?? e.message);
  const stream = await (async () => { const sd = await StreamingDataset.open(f); let n = 0;
    for await (const b of sd.batches()) n += b.numRows; sd.close(); return 'rows' + n; })().catch((e) => e.code ?? e.message);
  console.log(whole + ' ' + stream); } })();`;

describe('Arrow IPC structure checks', () => {
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const source = path.join(DATA, 'diabetes.arrow');
  const size = readFileSync(source).length;
  const footerStart = size - 10 - readFileSync(source).readInt32LE(size - 10);

  it.each([0, 1, 2, 3, 4, 6, 8, 17])('a %i-byte .arrow / .arrows file is an IpcError, whole and streaming', async (n) => {
    for (const ext of ['arrow', 'arrows']) {
      const file = path.join(dir, `short-${n}.${ext}`);
      writeFileSync(file, readFileSync(source).subarray(0, n));
      await expect(ArrowDataset.open(file)).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_IPC', message: expect.stringContaining(file) });
      await expect(streamRows(file)).rejects.toBeInstanceOf(IpcError);
    }
  });

  it('121 bytes deleted anywhere, header or footer bytes changed: an IpcError or the right rows, never a hang', async () => {
    const files: string[] = [];
    for (let at = 0; at < size - 121; at += Math.floor(size / 40)) files.push(mutant('diabetes.arrow', path.join(dir, `cut-${at}.arrow`), cut(at, 121)));
    for (let at = 0; at < 200; at += 16) files.push(mutant('diabetes.arrow', path.join(dir, `head-${at}.arrow`), flip(at, 4, 0xa5)));
    for (let at = footerStart; at < size - 10; at += 24) files.push(mutant('diabetes.arrow', path.join(dir, `foot-${at}.arrow`), flip(at, 4, 0xa5)));
    const run = await runChild(OPEN_BOTH, { args: files, timeoutMs: 60_000 });
    expect(run).toMatchObject({ timedOut: false, code: 0, signal: null });
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(files.length);
    for (const [i, line] of lines.entries()) {
      // a flipped value byte in a batch body is undetectable (no checksums); everything else must be refused
      expect({ file: path.basename(files[i]), line }).toEqual({ file: path.basename(files[i]), line: expect.stringMatching(/^(rows442 rows442|ERR_ALIMENTAR_IPC ERR_ALIMENTAR_IPC)$/) });
    }
    // the deletions change the layout, so none of them may decode
    expect(lines.slice(0, 40).every((l) => l === 'ERR_ALIMENTAR_IPC ERR_ALIMENTAR_IPC')).toBe(true);
  }, 90_000);

  it('a footer announcing 2^31 record batches is refused before any decoding', async () => {
    const bytes = Buffer.from(readFileSync(source));
    const footer = bytes.subarray(footerStart, size - 10);
    const root = footer.readUInt32LE(0);
    const vtable = root - footer.readInt32LE(root);
    const field = root + footer.readUInt16LE(vtable + 4 + 2 * 3);
    const vector = field + footer.readUInt32LE(field);
    footer.writeUInt32LE(0x7fffffff, vector);
    const file = path.join(dir, 'many-batches.arrow');
    writeFileSync(file, bytes);
    expect(() => readIpc(bytes, file)).toThrow(/record batch block count 2147483647/);
    await expect(streamRows(file)).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_IPC' });
  });

  it('a stream cut at any message boundary or inside a message is an error, not fewer rows', () => {
    const table = readIpc(readFileSync(source));
    const stream = writeIpc(table, 'stream');
    for (let n = 0; n < stream.length; n += 97) {
      expect(() => readIpc(stream.subarray(0, n), 'cut.arrows')).toThrow(IpcError);
    }
    expect(readIpc(stream).numRows).toBe(442);
  });

  it('convert of a truncated file exits with the data-error code and writes nothing', async () => {
    const file = mutant('diabetes.arrow', path.join(dir, 'truncated.arrow'), (b) => b.subarray(0, 20000));
    const out = path.join(dir, 'truncated.csv');
    await expect(convertFile(file, out)).rejects.toMatchObject({ code: 'ERR_ALIMENTAR_IPC' });
    expect(existsSync(out)).toBe(false);
    const errors: string[] = [];
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => errors.push(s) } };
    expect(await main(['convert', file, out, '--json'], io as never)).toBe(3);
    expect(JSON.parse(errors.join(''))).toMatchObject({ error: { code: 'ERR_ALIMENTAR_IPC', exitCode: 3 } });
    expect(existsSync(out)).toBe(false);
  });

  it('every shared .arrow file still reads whole and streaming with its rows', async () => {
    for (const name of ['iris', 'wine', 'breast_cancer', 'digits', 'diabetes']) {
      const file = path.join(DATA, `${name}.arrow`);
      const whole = await ArrowDataset.open(file);
      expect(await streamRows(file)).toBe(whole.numRows);
      const stream = path.join(dir, `${name}.arrows`);
      writeFileSync(stream, writeIpc(whole.toTable(), 'stream'));
      expect(await streamRows(stream)).toBe(whole.numRows);
    }
  });
});
