/**
 * Parsing off the event loop: a WorkerPool (lib/common/worker-pool.ts) whose workers load parse-files.ts and the
 * TypeScript compiler once, then read and parse batches of files. The workers start on first use, one per core
 * (at most 4), and hold the process open only while they have a batch. Where workers cannot start, a batch is parsed
 * on the calling thread.
 */
import path from 'node:path';
import { availableCores } from '../../common/cores';
import { WorkerPool } from '../../common/worker-pool';
import { runParseJob, type FileImports, type ParseReply } from './parse-files';

/** Files per batch: large enough to pay for a message, small enough to spread a tree over the workers. */
const BATCH = 24;

/** The worker's handler: loads parse-files (through the TypeScript hook when running from sources) once. */
function parseHandler(entry: string, hook: string | null): (files: string[]) => ReturnType<typeof runParseJob> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (hook !== null) require(hook);
  const { runParseJob: run } = require(entry);
  /* eslint-enable @typescript-eslint/no-require-imports */
  return (files: string[]) => run(files);
}

function workerEntry(): [string, string | null] {
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, `parse-files${ext}`);
  return [entry, ext === '.ts' ? path.resolve(__dirname, '../../../scripts/register-ts.js') : null];
}

const pool = new WorkerPool<string[], ParseReply>({
  name: 'trueno-graph parse',
  size: () => Math.min(availableCores(), 4),
  handler: parseHandler,
  args: workerEntry(),
});

/** The reply's files, or its error rebuilt (with the fs code, e.g. ENOENT / EACCES). */
function unwrap(reply: ParseReply): FileImports[] {
  if ('parsed' in reply) return reply.parsed;
  throw Object.assign(new Error(reply.error.message), reply.error.code === undefined ? {} : { code: reply.error.code });
}

/**
 * Reads and parses files on the worker threads, in batches.
 * @param files - absolute paths
 * @returns each file's imports, in the order given
 * @throws the first file's read error (with its fs code)
 */
export async function parseInWorkers(files: string[]): Promise<FileImports[]> {
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += BATCH) batches.push(files.slice(i, i + BATCH));
  const replies = await Promise.all(batches.map((batch) => pool.run(batch, { fallback: (b) => runParseJob(b).reply! })));
  return replies.flatMap(unwrap);
}
