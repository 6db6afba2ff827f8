/**
 * The part of jest's API the conformance suites use (describe / test / each / hooks / expect), for running those same
 * suite files in a page: registering a test records it, {@link runRegistered} runs them in order and returns one
 * result per test. Installed on globalThis by importing this module first.
 */
type Fn = () => unknown;
interface Case { name: string; fn: Fn; before: Fn[]; after: Fn[] }
interface Scope { name: string; before: Fn[]; afterAll: Fn[] }

/** One test's outcome. */
export interface CaseResult { name: string; ok: boolean; error?: string }

const cases: Case[] = [];
const afterAlls: Fn[] = [];
const stack: Scope[] = [];

function format(title: string, row: unknown, index: number): string {
  const args = Array.isArray(row) ? row : [row];
  let i = 0;
  let out = title.replace(/%[sidpjo#%]/g, (m) => (m === '%%' ? '%' : m === '%#' ? String(index) : String(args[i++])));
  if (row !== null && typeof row === 'object' && !Array.isArray(row)) {
    out = out.replace(/\$([A-Za-z_]\w*)/g, (_m, k: string) => String((row as Record<string, unknown>)[k]));
  }
  return out;
}

function describe(name: string, body: Fn): void {
  stack.push({ name, before: [], afterAll: [] });
  body();
  const scope = stack.pop()!;
  afterAlls.push(...scope.afterAll);
}
describe.each = (rows: unknown[]) => (title: string, body: (...a: unknown[]) => void) =>
  rows.forEach((row, i) => describe(format(title, row, i), () => body(...(Array.isArray(row) ? row : [row]))));

function test(name: string, fn: Fn): void {
  const full = [...stack.map((s) => s.name), name].join(' > ');
  cases.push({ name: full, fn, before: stack.flatMap((s) => s.before), after: [] });
}
test.each = (rows: unknown[]) => (title: string, body: (...a: unknown[]) => unknown) =>
  rows.forEach((row, i) => test(format(title, row, i), () => body(...(Array.isArray(row) ? row : [row]))));

const top = (): Scope => stack[stack.length - 1] ?? { name: '', before: [], afterAll: afterAlls as Fn[] };
function beforeEach(fn: Fn): void {
  if (stack.length === 0) throw new Error('beforeEach outside a describe is not supported by the page shim');
  top().before.push(fn);
}
function afterAll(fn: Fn): void {
  if (stack.length === 0) afterAlls.push(fn);
  else top().afterAll.push(fn);
}

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<unknown>).length})`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (a.constructor !== b.constructor) return false;
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i]) && !(x[i] === 0 && y[i] === 0)) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function matchers(actual: unknown, negate: boolean) {
  const check = (pass: boolean, what: string) => {
    if (pass === negate) throw new Error(`expected ${show(actual)} ${negate ? 'not ' : ''}${what}`);
  };
  return {
    toBe: (want: unknown) => check(Object.is(actual, want), `to be ${show(want)}`),
    toEqual: (want: unknown) => check(equal(actual, want), `to equal ${show(want)}`),
    toBeNaN: () => check(Number.isNaN(actual), 'to be NaN'),
    toBeCloseTo: (want: number, digits = 2) => check(Math.abs((actual as number) - want) < 10 ** -digits / 2, `to be close to ${want}`),
    toBeGreaterThan: (want: number) => check((actual as number) > want, `to be > ${want}`),
    toBeGreaterThanOrEqual: (want: number) => check((actual as number) >= want, `to be >= ${want}`),
    toBeLessThan: (want: number) => check((actual as number) < want, `to be < ${want}`),
    toBeLessThanOrEqual: (want: number) => check((actual as number) <= want, `to be <= ${want}`),
    toThrow: (want?: unknown) => {
      let thrown: unknown;
      let threw = false;
      try {
        (actual as Fn)();
      } catch (e) {
        threw = true;
        thrown = e;
      }
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      const fits = !threw ? false : want === undefined ? true : want instanceof RegExp ? want.test(message)
        : typeof want === 'string' ? message.includes(want) : typeof want === 'function' ? thrown instanceof (want as new () => unknown) : true;
      check(fits, `to throw ${want === undefined ? '' : String(want)} (threw ${threw ? message : 'nothing'})`);
    },
  };
}

function expect(actual: unknown) {
  return { ...matchers(actual, false), not: matchers(actual, true) };
}

Object.assign(globalThis, { describe, test, it: test, beforeEach, afterAll, expect });

/**
 * Runs every registered test in order (hooks of the enclosing describes first), then the afterAll hooks.
 * @param onResult - called after each test (for progress in the page)
 * @returns one result per test
 */
export async function runRegistered(onResult?: (r: CaseResult) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    let r: CaseResult;
    try {
      for (const b of c.before) await b();
      await c.fn();
      r = { name: c.name, ok: true };
    } catch (e) {
      r = { name: c.name, ok: false, error: e instanceof Error ? `${e.message}` : String(e) };
    }
    results.push(r);
    onResult?.(r);
  }
  for (const a of afterAlls) await a();
  return results;
}
