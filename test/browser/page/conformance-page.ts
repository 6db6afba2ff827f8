/**
 * The trueno conformance suites (test/trueno/conformance.test.ts and integer-conformance.test.ts, unchanged) in a page,
 * on the WASM build named by `?build=simd128|scalar` (handed to `ready()` as bytes or a Response), with the tolerances
 * those files state. Reports through the page:
 * `window.__report` (read by test/browser/browser.test.ts) and the page text.
 */
import { runRegistered, type CaseResult } from './jest-shim';
import { backendInfo, ready } from '../../../lib/trueno/index.browser';

declare global {
  interface Window { __report?: unknown }
}

async function main(): Promise<void> {
  const build = new URLSearchParams(location.search).get('build') === 'scalar' ? 'scalar' : 'simd128';
  const out = document.getElementById('out')!;
  try {
    // the app hands the core in: the scalar build as bytes, the SIMD128 one as a fetch Response (the app page uses the
    // default, the file beside the module)
    const file = `trueno-${build}.wasm`;
    await ready({ build, wasm: build === 'scalar' ? await (await fetch(file)).arrayBuffer() : await fetch(file) });
    await import('../../trueno/conformance.test');
    await import('../../trueno/integer-conformance.test');
    const results = await runRegistered((r) => {
      if (!r.ok) out.textContent += `FAIL ${r.name}: ${r.error}\n`;
    });
    const info = backendInfo();
    out.textContent += `${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length} failed on ${info.version}\n`;
    window.__report = { info, results };
  } catch (e) {
    const report = { results: [], error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    window.__report = report;
    out.textContent += `ERROR ${report.error}\n`;
  }
}

void main();
