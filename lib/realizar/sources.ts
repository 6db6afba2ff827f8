/**
 * Where models come from after start, and their hot reload: model files given by path, a folder of `.apr` files
 * (served under their base names; added, replaced and removed files followed) and an alimentar registry (the newest
 * version of each `.apr` dataset). Each is checked every pollMs; a changed one is loaded beside the served version and
 * swapped in only when it loaded (a bad new file leaves the old version serving, and is counted as a failed load).
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadOptions } from '../aprender/model-file/read';
import { Registry } from '../alimentar/registry/registry';
import type { ServerContext } from './context';
import { ServedModel } from './model';
import { MODEL_NAME } from './options';

/** The running sources. */
export interface Sources {
  /** Resolves when every source has loaded once; rejects with the first source's error. */
  firstLoad: Promise<void>;
  /** Whether every source has loaded once. */
  readonly loaded: boolean;
  /** Stops polling. */
  stop(): void;
}

const sha12 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').slice(0, 12);

/**
 * Loads a model file; its version is the start of its SHA-256, so the same bytes are the same version.
 * @param name - the served name
 * @param file - the path
 * @param loadOptions - publicKey, key / passphrase
 * @returns the model
 * @throws the file system's error, ModelFileError
 */
export async function loadModelFile(name: string, file: string, loadOptions: LoadOptions = {}): Promise<ServedModel> {
  const started = performance.now();
  const bytes = new Uint8Array(await fsp.readFile(file));
  return ServedModel.create(name, bytes, { version: sha12(bytes), source: path.basename(file), started }, loadOptions);
}

/** Serves a loaded version, recording it. */
function install(ctx: ServerContext, model: ServedModel): void {
  const previous = ctx.store.put(model);
  ctx.options.onLoad?.(model.info, previous?.info.version);
  ctx.metrics.loads.inc({ model: model.name, outcome: 'loaded' });
  ctx.metrics.loadSeconds.reset();
  for (const m of ctx.store.all()) ctx.metrics.loadSeconds.set({ model: m.name, version: m.info.version }, m.info.loadSeconds);
}

function failed(ctx: ServerContext, name: string, e: unknown): void {
  ctx.metrics.loads.inc({ model: name, outcome: 'failed' });
  if (ctx.options.onLoadError !== undefined) ctx.options.onLoadError(name, e as Error);
  else process.emitWarning(`realizar: model '${name}' did not load: ${(e as Error)?.message ?? String(e)}`, { code: 'REALIZAR_LOAD_FAILED' });
}

type Stamp = string;
const stampOf = (s: { mtimeMs: number; size: number; ino: number }): Stamp => `${s.mtimeMs}:${s.size}:${s.ino}`;

/** Reloads a served file when its stamp (mtime, size, inode: an atomic rename changes the inode) changes. */
async function refreshFile(ctx: ServerContext, name: string, file: string, stamps: Map<string, Stamp>): Promise<void> {
  const st = await fsp.stat(file);
  const stamp = stampOf(st);
  if (stamps.get(name) === stamp) return;
  const model = await loadModelFile(name, file, ctx.options.loadOptions);
  stamps.set(name, stamp);
  if (ctx.store.find(name)?.info.version !== model.info.version) install(ctx, model);
}

async function refreshDir(ctx: ServerContext, dir: string, stamps: Map<string, Stamp>, first: boolean): Promise<void> {
  const names = (await fsp.readdir(dir)).filter((f) => f.endsWith('.apr') && MODEL_NAME.test(f.slice(0, -4)));
  const seen = new Set<string>();
  for (const f of names) {
    const name = f.slice(0, -4);
    seen.add(name);
    try {
      await refreshFile(ctx, name, path.join(dir, f), stamps);
    } catch (e) {
      if (first && ctx.store.find(name) === undefined) throw Object.assign(e as Error, { model: name });
      failed(ctx, name, e);
    }
  }
  for (const name of [...stamps.keys()]) {
    if (!seen.has(name)) {
      stamps.delete(name);
      if (ctx.store.remove(name)) ctx.options.onRemove?.(name);
    }
  }
}

async function refreshRegistry(ctx: ServerContext, reg: Registry, versions: Map<string, string>, first: boolean): Promise<void> {
  const only = ctx.options.registryModels;
  const datasets = (await reg.list()).filter((d) => d.latest.filename.endsWith('.apr') && (only === undefined || only.includes(d.name)));
  if (only !== undefined) {
    const missing = only.find((n) => !datasets.some((d) => d.name === n));
    if (missing !== undefined && first) throw new Error(`Expected a model file '${missing}' in the registry but it holds none by that name`);
  }
  for (const d of datasets) {
    const name = d.name.replace(/\//g, '.');
    if (versions.get(name) === d.latest.version) continue;
    const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'realizar-'));
    try {
      const started = performance.now();
      const pulled = await reg.pull(d.name, { version: d.latest.version, dest: tmp + path.sep });
      const bytes = new Uint8Array(await fsp.readFile(pulled.path));
      const model = await ServedModel.create(name, bytes, { version: d.latest.version, source: `registry:${d.name}@${d.latest.version}`, started }, ctx.options.loadOptions);
      versions.set(name, d.latest.version);
      install(ctx, model);
    } catch (e) {
      if (first && ctx.store.find(name) === undefined) throw e;
      failed(ctx, name, e);
    } finally {
      await fsp.rm(tmp, { recursive: true, force: true });
    }
  }
}

/**
 * Starts the sources of a server: a first load of each, then polling when watch is on.
 * @param ctx - the server
 * @returns the sources
 */
export function startSources(ctx: ServerContext): Sources {
  const o = ctx.options;
  const tasks: ((first: boolean) => Promise<void>)[] = [];
  const fileStamps = new Map<string, Stamp>();
  for (const [name, m] of Object.entries(o.models ?? {})) {
    if (typeof m !== 'string') continue;
    const file = path.resolve(m);
    // given files loaded before listen; their stamps start from the loaded version
    tasks.push(async (first) => {
      if (first) {
        fileStamps.set(name, stampOf(await fsp.stat(file)));
        return;
      }
      await refreshFile(ctx, name, file, fileStamps).catch((e) => failed(ctx, name, e));
    });
  }
  if (o.modelDir !== undefined) {
    const dir = path.resolve(o.modelDir);
    const stamps = new Map<string, Stamp>();
    tasks.push(async (first) => {
      await refreshDir(ctx, dir, stamps, first);
      if (first) ctx.store.sourceLoaded();
    });
  }
  if (o.registry !== undefined) {
    const reg = Registry.open(o.registry, o.registryOptions ?? {});
    const versions = new Map<string, string>();
    tasks.push(async (first) => {
      await refreshRegistry(ctx, reg, versions, first);
      if (first) ctx.store.sourceLoaded();
    });
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loaded = tasks.map(() => false);
  let settle!: { resolve: () => void; reject: (e: unknown) => void; done: boolean };
  const firstLoad = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject, done: false };
  });
  firstLoad.catch(() => undefined); // whenReady() hands the rejection to whoever asks; it is never unhandled
  // Each round loads what changed; a source whose first load failed is retried every round (the server stays up and
  // /ready false meanwhile), and polling goes on when watch is set.
  const round = async () => {
    for (let i = 0; i < tasks.length; i++) {
      if (stopped) return;
      const first = !loaded[i];
      try {
        await tasks[i](first);
        loaded[i] = true;
      } catch (e) {
        if (first && !settle.done) {
          settle.done = true;
          settle.reject(e);
        }
      }
    }
    const all = loaded.every(Boolean);
    if (all && !settle.done) {
      settle.done = true;
      settle.resolve();
    }
    if (!stopped && (o.watch || !all)) timer = setTimeout(round, o.pollMs).unref();
  };
  void round();
  return {
    firstLoad,
    get loaded() {
      return loaded.every(Boolean);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
