/**
 * Import of Hugging Face Hub datasets over the Hub's HTTP layout, with no Hub client library:
 * - `GET {endpoint}/api/datasets/{repo}/tree/{revision}?recursive=true` lists the repository's files (paged by `Link`);
 *   its Parquet files are downloaded from `{endpoint}/datasets/{repo}/resolve/{revision}/{path}` and checked against
 *   the LFS SHA-256 the listing gives;
 * - a repository without Parquet files falls back to the Hub's converted copy, listed by
 *   `GET {endpoint}/api/datasets/{repo}/parquet` as `{ config: { split: [url, ...] } }`.
 * The token goes as `Authorization: Bearer` (fetch drops it on redirects to another origin, such as the CDN).
 * Files land in a hidden staging folder inside `dest` and are moved into place only when all arrived intact.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { describe, NotFoundError, typeError } from '../errors';
import { ChecksumMismatchError } from '../registry/errors';
import { sweepStaleTemps, syncFolder, tempPathFor, writeStreamAtomic } from '../storage/atomic-file';
import { AuthError, HttpError } from '../storage/errors';
import { httpRequest } from '../storage/http';
import { encodeKeyPath } from '../storage/keys';
import { HF_IMPORT_OPTIONS } from '../option-keys';
import { expectOptions } from '../validate';

const REPO = /^([A-Za-z0-9][A-Za-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Options of {@link importHf}. */
export interface HfImportOptions {
  /** Branch, tag or commit (default `main`). */
  revision?: string;
  /** Access token; default HF_TOKEN. */
  token?: string;
  /** Hub URL; default HF_ENDPOINT, else https://huggingface.co. */
  endpoint?: string;
  /** Environment to read HF_TOKEN / HF_ENDPOINT from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Progress per file: which file (1-based) of how many, and its bytes. */
  onProgress?: (progress: { file: string; index: number; count: number; done: number; total: number | undefined }) => void;
}

/** One imported file. */
export interface HfImportedFile {
  /** Where it was written. */
  path: string;
  /** Its path in the repository (or in the converted copy: `<config>/<split>/<n>.parquet`). */
  remotePath: string;
  /** Size in bytes. */
  size: number;
  /** Lowercase hex SHA-256. */
  sha256: string;
}

/** What {@link importHf} did. */
export interface HfImportResult {
  /** The repository. */
  repo: string;
  /** The revision asked for. */
  revision: string;
  /** `tree` when the repository's own Parquet files were taken, `parquet-api` for the Hub's converted copy. */
  source: 'tree' | 'parquet-api';
  /** The files, in listing order. */
  files: HfImportedFile[];
}

interface TreeEntry {
  type: string;
  path: string;
  size?: number;
  lfs?: { oid?: string; size?: number };
}

interface Remote {
  url: string;
  remotePath: string;
  size?: number;
  sha256?: string;
}

class Hub {
  constructor(readonly endpoint: string, readonly repo: string, readonly revision: string, private readonly token: string | undefined) {}

  headers(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  /** GET with Hub-specific messages for 401/403/404; `stream` leaves the body to the caller. */
  async get(url: string, stream = false): Promise<Response> {
    try {
      return await httpRequest(url, { headers: this.headers(), stream });
    } catch (err) {
      const where = `dataset '${this.repo}' at revision '${this.revision}' on ${this.endpoint}`;
      if (err instanceof AuthError) {
        throw new AuthError(`The Hugging Face Hub refused access to ${where} (HTTP ${err.status}): `
          + (this.token ? 'the token lacks access (gated or private dataset?)' : 'set HF_TOKEN to a token with read access'), err.status, { cause: err });
      }
      if (err instanceof NotFoundError) throw new NotFoundError(`No ${where} (HTTP 404 for ${url})`, { cause: err });
      throw err;
    }
  }

  async json(url: string): Promise<{ body: unknown; next: string | undefined }> {
    const res = await this.get(url);
    const link = res.headers.get('link') ?? '';
    const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1];
    try {
      return { body: await res.json(), next: next && new URL(next, url).href };
    } catch (err) {
      throw new HttpError(`Expected JSON from ${url} but could not parse the answer`, res.status, { cause: err });
    }
  }

  async tree(): Promise<Remote[]> {
    const out: Remote[] = [];
    let url: string | undefined = `${this.endpoint}/api/datasets/${this.repo}/tree/${encodeURIComponent(this.revision)}?recursive=true`;
    while (url) {
      const { body, next }: { body: unknown; next: string | undefined } = await this.json(url);
      if (!Array.isArray(body)) throw new HttpError(`Expected a JSON array of files from ${url} but received ${describe(body)}`, 200);
      for (const e of body as TreeEntry[]) {
        if (e?.type === 'file' && typeof e.path === 'string' && e.path.toLowerCase().endsWith('.parquet')) {
          out.push({
            url: `${this.endpoint}/datasets/${this.repo}/resolve/${encodeURIComponent(this.revision)}/${encodeKeyPath(e.path)}`,
            remotePath: e.path,
            size: e.lfs?.size ?? e.size,
            sha256: typeof e.lfs?.oid === 'string' && /^[0-9a-f]{64}$/.test(e.lfs.oid) ? e.lfs.oid : undefined,
          });
        }
      }
      url = next;
    }
    return out;
  }

  async converted(): Promise<Remote[]> {
    const url = `${this.endpoint}/api/datasets/${this.repo}/parquet`;
    const { body } = await this.json(url);
    if (typeof body !== 'object' || body === null) throw new HttpError(`Expected a JSON object of configs from ${url} but received ${describe(body)}`, 200);
    const out: Remote[] = [];
    for (const [config, splits] of Object.entries(body as Record<string, Record<string, string[]>>)) {
      for (const [split, urls] of Object.entries(splits ?? {})) {
        for (const [i, u] of (Array.isArray(urls) ? urls : []).entries()) {
          const name = path.posix.basename(new URL(u, this.endpoint).pathname) || `${i}.parquet`;
          out.push({ url: new URL(u, this.endpoint).href, remotePath: `${config}/${split}/${name}` });
        }
      }
    }
    return out;
  }
}

function safeRelative(remotePath: string): string {
  const parts = remotePath.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) throw new HttpError(`Expected a relative file path from the Hub but received '${remotePath}'`, 200);
  return path.join(...parts);
}

/**
 * Downloads a Hub dataset's Parquet files into a folder.
 * @param repo - `owner/dataset`
 * @param dest - the destination folder (created when missing); files keep their repository paths under it
 * @param options - revision, token, endpoint, progress
 * @returns the repository, the source used and the files written
 * @throws NotFoundError for an unknown dataset or revision; AuthError for 401/403; NetworkError, HttpError;
 *   ChecksumMismatchError when a download does not match the listing's SHA-256; nothing is left in `dest` on failure
 * @example
 * await importHf('scikit-learn/iris', './data/iris', { revision: 'main' });
 */
export async function importHf(repo: string, dest: string, options?: HfImportOptions): Promise<HfImportResult> {
  options = expectOptions<HfImportOptions>(options, 'importHf options', HF_IMPORT_OPTIONS);
  if (typeof repo !== 'string' || !REPO.test(repo)) throw typeError(`Expected 'owner/dataset' for repo but received ${describe(repo)}`);
  if (typeof dest !== 'string' || dest.length === 0) throw typeError(`Expected a folder path for dest but received ${describe(dest)}`);
  const env = options.env ?? process.env;
  const revision = options.revision ?? 'main';
  if (typeof revision !== 'string' || revision.length === 0) throw typeError(`Expected a branch, tag or commit for revision but received ${describe(revision)}`);
  const endpoint = (options.endpoint ?? env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(endpoint)) throw typeError(`Expected an http(s) URL for endpoint but received ${describe(endpoint)}`);
  const hub = new Hub(endpoint, repo, revision, options.token ?? env.HF_TOKEN);

  let source: HfImportResult['source'] = 'tree';
  let remotes = await hub.tree();
  if (remotes.length === 0) {
    source = 'parquet-api';
    remotes = await hub.converted();
  }
  if (remotes.length === 0) throw new NotFoundError(`No Parquet files in dataset '${repo}' at revision '${revision}' on ${endpoint}`);

  const root = path.resolve(dest);
  await fsp.mkdir(root, { recursive: true });
  await sweepStaleTemps(root);
  // Hidden and owner-tagged like a temporary file, so an import killed midway is swept by the next write here.
  const staging = tempPathFor(path.join(root, 'import'));
  const files: HfImportedFile[] = [];
  try {
    for (const [i, remote] of remotes.entries()) {
      const rel = safeRelative(remote.remotePath);
      const res = await hub.get(remote.url, true);
      const length = res.headers.get('content-length');
      const total = remote.size ?? (length === null ? undefined : Number(length));
      const stream = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
      const written = await writeStreamAtomic(stream, path.join(staging, rel), {
        onProgress: (done) => options.onProgress?.({ file: remote.remotePath, index: i + 1, count: remotes.length, done, total }),
        verify: (got) => {
          if ((remote.sha256 && got.sha256 !== remote.sha256) || (remote.size !== undefined && got.size !== remote.size)) {
            throw new ChecksumMismatchError(`Expected sha256 ${remote.sha256 ?? '(any)'} (${remote.size ?? 'any'} bytes) for ${remote.remotePath} `
              + `of '${repo}' but received sha256 ${got.sha256} (${got.size} bytes)`);
          }
        },
      });
      files.push({ path: path.join(root, rel), remotePath: remote.remotePath, size: written.size, sha256: written.sha256 });
    }
    const folders = new Set<string>();
    for (const file of files) {
      await fsp.mkdir(path.dirname(file.path), { recursive: true });
      await fsp.rename(path.join(staging, path.relative(root, file.path)), file.path);
      folders.add(path.dirname(file.path));
    }
    for (const folder of folders) await syncFolder(folder);
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
  return { repo, revision, source, files };
}
