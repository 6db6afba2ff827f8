/**
 * trueno-db and trueno-graph in a page (bundled from lib with the browser file swap, as dist/browser is): the work of
 * db-work.ts and graph-work.ts, whose answers the suite compares with Node's. Reports through `window.__report`
 * (JSON text from wire.ts, read by test/browser/browser.test.ts) and the page text.
 */
import { ready } from '../../../lib/trueno-graph/index.browser';
import { dbWork } from './db-work';
import { graphWork } from './graph-work';
import { encode } from './wire';

declare global {
  interface Window { __report?: unknown }
}

async function main(): Promise<void> {
  const out = document.getElementById('out')!;
  try {
    const info = await ready(); // trueno-graph's: trueno's core and parquet-wasm (readEdgeList reads Parquet)
    const db = await dbWork('/no-such-folder');
    const graph = await graphWork('/edges.parquet');
    window.__report = encode({ backend: info.version, db, graph });
    out.textContent = `done on ${info.version}`;
  } catch (e) {
    window.__report = encode({ error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) });
    out.textContent = `ERROR ${String(e)}`;
  }
}

void main();
