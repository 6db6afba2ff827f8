/**
 * The package as a consumer meets it: `npm pack` (with the prepack hook, which puts this platform's prebuild in
 * prebuilds/), installed into a fresh app, must load its native binary without compiling, warn once when that binary
 * is broken, and run every README snippet verbatim.
 *
 * The install is done as npm does it, offline: the tarball unpacked into the app's node_modules/sovereign-ai, the
 * package's dependencies linked from this checkout's node_modules (the registry is out of reach here and in CI), then
 * the package's own install script run in it. npm install from the registry does exactly these steps.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../helpers/child';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string>; version: string };
let work: string;
let app: string;
let installed: string;
let tarball: string;

function run(file: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['SOVEREIGN_BACKEND', 'SOVEREIGN_ISA', 'SOVEREIGN_THREADS', 'SOVEREIGN_SHARED_DATA']) delete merged[k];
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k]; else merged[k] = v;
  return spawnSync(file, args, { cwd, env: merged, encoding: 'utf8', timeout: 240_000 });
}

function node(code: string, env: Record<string, string | undefined> = {}) {
  return run(process.execPath, ['-e', code], app, env);
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'sovereign-pack-'));
  // the hook npm runs before packing (dist/ is already built by the test runner)
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts/prepack.js')], { cwd: repoRoot, stdio: 'pipe' });
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8' });
  tarball = path.join(work, (JSON.parse(out) as { filename: string }[])[0].filename);
  app = path.join(work, 'app');
  installed = path.join(app, 'node_modules', 'sovereign-ai');
  fs.mkdirSync(installed, { recursive: true });
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  for (const dep of fs.readdirSync(path.join(repoRoot, 'node_modules'))) {
    if (dep === '.bin' || dep === 'sovereign-ai' || dep.startsWith('.')) continue;
    fs.symlinkSync(path.join(repoRoot, 'node_modules', dep), path.join(app, 'node_modules', dep));
  }
  const install = run(process.execPath, ['scripts/install.js'], installed);
  if (install.status !== 0) throw new Error(`install script failed: ${install.stderr}`);
}, 600_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('runs prebuildify from the prepack hook', () => {
    expect(pkg.scripts.prepack).toBe('node scripts/prepack.js');
    expect(fs.readFileSync(path.join(repoRoot, 'scripts/prepack.js'), 'utf8')).toMatch(/prebuildify\/bin\.js'\), '--napi', '--strip'/);
  });

  it(`carries the ${process.platform}-${process.arch} prebuild, the WASM builds and the samples`, () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(files.filter((f) => f.startsWith(`package/prebuilds/${process.platform}-${process.arch}/`) && f.endsWith('.node'))).toHaveLength(1);
    expect(files).toEqual(expect.arrayContaining(['package/prebuilds/wasm/trueno-simd128.wasm', 'package/samples/iris.parquet', 'package/samples/README.md']));
  });
});

describe('installed in an app', () => {
  it('loads the prebuild without compiling', () => {
    expect(fs.existsSync(path.join(installed, 'build'))).toBe(false); // install.js compiled nothing
    const r = node(`import('sovereign-ai/trueno').then((t) => console.log(JSON.stringify(t.backendInfo())))`);
    expect(r.stderr).toBe('');
    const info = JSON.parse(r.stdout) as { backend: string; tried: { candidate: string; ok: boolean }[] };
    expect(info.backend).toBe('native');
    expect(info.tried.at(-1)).toMatchObject({ ok: true, candidate: expect.stringMatching(new RegExp(`^prebuilds/${process.platform}-${process.arch}/.*\\.node$`)) });
  });

  it('warns once, naming why, when the prebuild cannot load; not when WASM is asked for', () => {
    const binary = fs.readdirSync(path.join(installed, 'prebuilds', `${process.platform}-${process.arch}`))[0];
    const file = path.join(installed, 'prebuilds', `${process.platform}-${process.arch}`, binary);
    const good = fs.readFileSync(file);
    try {
      fs.writeFileSync(file, 'not a shared object');
      const code = `import('sovereign-ai/trueno').then((t) => { t.sum(t.Tensor.from([1, 2])); console.log(t.backendInfo().backend) })`;
      const r = node(code);
      expect(r.stdout.trim()).toBe('wasm');
      const warnings = r.stderr.split('\n').filter((l) => l.includes('SOVEREIGN_NATIVE_FALLBACK'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(new RegExp(`prebuilds/${process.platform}-${process.arch}/${binary}: .+\\).*WebAssembly fallback`));
      const asked = node(code, { SOVEREIGN_BACKEND: 'wasm' });
      expect(asked.stdout.trim()).toBe('wasm');
      expect(asked.stderr).toBe('');
    } finally {
      fs.writeFileSync(file, good);
    }
  });

  it('runs every README snippet verbatim (each section one program, as a reader would paste it)', () => {
    const sections = readmeSections(fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8'));
    expect(sections.map((s) => s.title)).toEqual(expect.arrayContaining(['trueno in a minute', 'alimentar in a minute', 'aprender in a minute', 'trueno-db in a minute']));
    for (const s of sections) {
      const file = path.join(app, `${s.title.replace(/\W+/g, '-')}.mjs`);
      fs.writeFileSync(file, ts.transpileModule(s.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
      const r = run(process.execPath, [file], app);
      if (r.status !== 0) throw new Error(`README section '${s.title}' failed (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
    }
  });
});

/** The README's ts code blocks, joined per `##` section; a block after `<!-- readme-test: browser -->` is skipped (it needs a browser's fetch and page). */
function readmeSections(text: string): { title: string; code: string }[] {
  const out = new Map<string, string[]>();
  let title = '';
  let skipNext = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('## ')) title = line.slice(3).trim();
    if (line.trim() === '<!-- readme-test: browser -->') skipNext = true;
    if (line.startsWith('```ts')) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
      if (!skipNext) out.set(title, [...(out.get(title) ?? []), body.join('\n')]);
      skipNext = false;
    }
  }
  return [...out].map(([t, blocks]) => ({ title: t, code: blocks.join('\n') }));
}
