/**
 * The loader: backend choice, the SOVEREIGN_* overrides, fallback from a broken native binary, and the single error
 * listing everything tried when nothing loads. Runs against the built package (dist/cjs) in child processes, so each
 * case starts with a fresh choice.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeJson, repoRoot, runNode } from '../helpers/child';
import type { BackendInfo } from '../../lib/trueno';

const info = (env: Record<string, string | undefined> = {}, root = repoRoot) =>
  nodeJson<BackendInfo>(`console.log(JSON.stringify(require(${JSON.stringify(path.join(root, 'dist/cjs/trueno'))}).backendInfo()))`, {
    SOVEREIGN_BACKEND: undefined, SOVEREIGN_ISA: undefined, SOVEREIGN_THREADS: undefined, ...env,
  });

test('picks the native addon first and reports what it chose', () => {
  const i = info();
  expect(i.backend).toBe('native');
  expect(['avx512', 'avx2', 'neon', 'scalar']).toContain(i.isa);
  expect(i.isa).toBe(i.detectedIsa);
  expect(i.threads).toBeGreaterThanOrEqual(1);
  expect(i.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(i.tried.at(-1)).toMatchObject({ ok: true });
  expect(i.reason).toMatch(/native addon loaded/);
});

test('SOVEREIGN_BACKEND forces each backend', () => {
  expect(info({ SOVEREIGN_BACKEND: 'wasm' })).toMatchObject({ backend: 'wasm', isa: 'simd128', threads: 1, reason: 'forced by SOVEREIGN_BACKEND=wasm' });
  expect(info({ SOVEREIGN_BACKEND: 'js' })).toMatchObject({ backend: 'js', isa: 'scalar', threads: 1 });
  expect(info({ SOVEREIGN_BACKEND: 'native' })).toMatchObject({ backend: 'native' });
});

test('SOVEREIGN_ISA forces a lower level and SOVEREIGN_THREADS the thread count', () => {
  expect(info({ SOVEREIGN_ISA: 'scalar', SOVEREIGN_THREADS: '1' })).toMatchObject({ backend: 'native', isa: 'scalar', threads: 1 });
  expect(info({ SOVEREIGN_BACKEND: 'wasm', SOVEREIGN_ISA: 'scalar' })).toMatchObject({ backend: 'wasm', isa: 'scalar' });
});

test('bad SOVEREIGN_* values fail with a clear error', () => {
  const r = runNode(`require('./dist/cjs/trueno').backendInfo()`, { SOVEREIGN_BACKEND: 'cuda' });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/Expected native, wasm or js for SOVEREIGN_BACKEND but received 'cuda'/);
  const isa = runNode(`require('./dist/cjs/trueno').backendInfo()`, { SOVEREIGN_ISA: 'mmx' });
  expect(isa.stderr).toMatch(/for SOVEREIGN_ISA but received 'mmx'/);
});

describe('with a copy of the package', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-loader-'));
    fs.cpSync(path.join(repoRoot, 'dist'), path.join(root, 'dist'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'prebuilds/wasm'), path.join(root, 'prebuilds/wasm'), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'package.json'), path.join(root, 'package.json'));
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
    fs.mkdirSync(path.join(root, 'build/Release'), { recursive: true });
    fs.writeFileSync(path.join(root, 'build/Release/trueno.node'), 'not an ELF file');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a native binary that fails to load falls back to WASM and says why', () => {
    const i = info({}, root);
    expect(i.backend).toBe('wasm');
    expect(i.reason).toMatch(/no native addon loaded; using the WASM fallback/);
    const failed = i.tried.find((t) => t.candidate.includes('trueno.node'));
    expect(failed).toMatchObject({ ok: false });
    expect(failed?.error).toMatch(/invalid ELF header|file too short|not a valid/i);
  });

  test('a native load that was expected but failed warns once, naming the reason and the fallback', () => {
    const code = `const t = require('./dist/cjs/trueno'); t.backendInfo(); t.sum(t.Tensor.from([1, 2])); console.log(t.backendInfo().backend)`;
    const r = runNode(code, { SOVEREIGN_BACKEND: undefined }, { cwd: root });
    expect(r.stdout.trim()).toBe('wasm');
    const warnings = r.stderr.split('\n').filter((l) => l.includes('SOVEREIGN_NATIVE_FALLBACK'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/native addon did not load \(.*build\/Release\/trueno\.node: .*(invalid ELF header|file too short|not a valid)/i);
    expect(warnings[0]).toMatch(/WebAssembly fallback/);
    // WASM asked for: no warning
    const asked = runNode(code, { SOVEREIGN_BACKEND: 'wasm' }, { cwd: root });
    expect(asked.stdout.trim()).toBe('wasm');
    expect(asked.stderr).not.toMatch(/SOVEREIGN_NATIVE_FALLBACK/);
  });

  test('without a SIMD build the scalar WASM build loads', () => {
    fs.rmSync(path.join(root, 'prebuilds/wasm/trueno-simd128.wasm'));
    expect(info({}, root)).toMatchObject({ backend: 'wasm', isa: 'scalar' });
  });

  test('when nothing loads, one error lists every candidate and how to fix it', () => {
    fs.rmSync(path.join(root, 'prebuilds/wasm'), { recursive: true });
    const r = runNode(`try { require('./dist/cjs/trueno').backendInfo() } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }`, {
      SOVEREIGN_BACKEND: undefined,
    }, { cwd: root });
    const e = JSON.parse(r.stdout) as { code: string; message: string };
    expect(e.code).toBe('ERR_TRUENO_NO_BACKEND');
    expect(e.message).toMatch(/no compute backend could be loaded/);
    expect(e.message).toMatch(/build\/Release\/trueno.node: /);
    expect(e.message).toMatch(/prebuilds\/wasm\/trueno-simd128.wasm: /);
    expect(e.message).toMatch(/prebuilds\/wasm\/trueno-scalar.wasm: /);
    // fixes a consumer app can run (no npm scripts that exist only in this repository)
    expect(e.message).toMatch(/npm rebuild sovereign-ai/);
    expect(e.message).not.toMatch(/npm run /);
  });
});
