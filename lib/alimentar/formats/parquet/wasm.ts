/**
 * parquet-wasm instances that survive a trap. A Rust panic inside parquet-wasm (a corrupt page, for instance) ends as
 * a WebAssembly `unreachable` trap; afterwards that instance's memory and allocator are in an unknown state, and every
 * later call into it may trap again or return garbage. Its asynchronous API (the row-group stream) traps inside a
 * microtask, where no caller's try/catch sees it: the process dies with an uncaught `RuntimeError`, and the read it
 * belonged to never settles.
 *
 * So the glue is evaluated here, once per instance, with two globals of its own: a `queueMicrotask` that runs the
 * glue's tasks inside a try/catch (a trap there poisons the instance and rejects {@link ParquetWasm.trapped} instead of
 * reaching the process) and a `FinalizationRegistry` whose cleanups skip a poisoned instance (freeing into broken
 * memory could trap again, outside any caller). A poisoned instance is dropped and the next call gets a fresh one; the
 * compiled module is shared, so a fresh instance costs a few milliseconds, not a compile.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { compileFunction } from 'node:vm';

/** The parquet-wasm API (its Node build). */
export type ParquetWasmApi = typeof import('parquet-wasm/node');

/** One parquet-wasm instance with its own WebAssembly memory. */
export interface ParquetWasm {
  /** The API bound to this instance. */
  readonly api: ParquetWasmApi;
  /** True once a call into this instance trapped; it must not be used again. */
  readonly poisoned: boolean;
  /** Rejects with the trap when this instance traps inside one of its own microtasks; never resolves. */
  readonly trapped: Promise<never>;
  /**
   * Marks this instance as unusable (a caller saw it trap synchronously) and rejects {@link trapped}.
   * @param trap - the trap
   */
  poison(trap: unknown): void;
}

let compiled: WebAssembly.Module | undefined;
let glue: ((...args: unknown[]) => void) | undefined;
let current: ParquetWasm | undefined;

const GLOBALS = ['exports', 'require', 'module', '__filename', '__dirname', 'queueMicrotask', 'FinalizationRegistry', 'WebAssembly'];

/** A `WebAssembly` namespace whose `Module` constructor hands back the module compiled once. */
function cachedWebAssembly(): typeof WebAssembly {
  const Module = function Module(bytes: BufferSource): WebAssembly.Module {
    compiled ??= new WebAssembly.Module(bytes);
    return compiled;
  };
  return Object.create(WebAssembly, { Module: { value: Module } }) as typeof WebAssembly;
}

function load(): ParquetWasm {
  const file = require.resolve('parquet-wasm/node');
  glue ??= compileFunction(readFileSync(file, 'utf8'), GLOBALS, { filename: file }) as (...args: unknown[]) => void;
  let poisoned = false;
  let fail: (e: unknown) => void = () => undefined;
  const trapped = new Promise<never>((_, reject) => (fail = reject));
  trapped.catch(() => undefined); // observed by whoever races it; no unhandled rejection when nobody does
  const instance: ParquetWasm = {
    api: undefined as unknown as ParquetWasmApi,
    get poisoned() {
      return poisoned;
    },
    trapped,
    poison(trap) {
      poisoned = true;
      if (current === instance) current = undefined;
      fail(trap);
    },
  };
  const guardedMicrotask = (task: () => void): void =>
    queueMicrotask(() => {
      if (poisoned) return;
      try {
        task();
      } catch (e) {
        instance.poison(e);
      }
    });
  class GuardedRegistry<T> extends FinalizationRegistry<T> {
    constructor(cleanup: (held: T) => void) {
      super((held) => {
        if (poisoned) return;
        try {
          cleanup(held);
        } catch (e) {
          instance.poison(e);
        }
      });
    }
  }
  const module = { exports: {} as ParquetWasmApi };
  glue(module.exports, require, module, file, dirname(file), guardedMicrotask, GuardedRegistry, cachedWebAssembly());
  (instance as { api: ParquetWasmApi }).api = module.exports;
  return instance;
}

/**
 * The parquet-wasm instance to use now: the last one, or a fresh one when it trapped.
 * @returns the instance
 */
export function parquetWasm(): ParquetWasm {
  current ??= load();
  return current;
}

export { guarded, isTrap } from './guard';
