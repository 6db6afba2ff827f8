/**
 * The executor's hot loops, one function per columnar kernel, with exactly the kernels' signatures (TDB.md, KERNELS):
 * the executor calls them only through this file so that each body can be swapped for `kernels().x(...)` without
 * touching callers. These bodies are plain JS over whole TypedArrays (no per-row objects or closures).
 *
 * Shared rules: comparisons treat -0 as +0 and every NaN as one value greater than all numbers (DuckDB); an absent
 * optional array is passed with length 0.
 */
import { ExecError } from '../errors';

/** A numeric value array a kernel reads. */
export type KernelValues = Float64Array | Float32Array | Int32Array | BigInt64Array;

/** Largest magnitude a float partial sum of integers may reach before it is moved to a BigInt (exact below 2^53). */
const SPILL = 2 ** 52;

/**
 * Compares `x[i] op value` for every row into `mask` (or ANDs into it).
 * @param n - rows
 * @param x - the values
 * @param op - 0 `=`, 1 `<>`, 2 `<`, 3 `<=`, 4 `>`, 5 `>=`
 * @param value - the constant compared with (NaN: the NaN value, greater than all numbers)
 * @param valid - validity (length 0: all valid); a NULL row gives 0
 * @param and - 0: mask = result, 1: mask &= result
 * @param mask - the output, n bytes of 0/1
 */
export function filterCompare(n: number, x: KernelValues, op: number, value: number, valid: Uint8Array, and: number,
  mask: Uint8Array): void {
  const hasValid = valid.length > 0;
  if (x instanceof BigInt64Array) {
    for (let i = 0; i < n; i++) {
      const r = (!hasValid || valid[i] !== 0) && cmpBig(x[i], value, op);
      mask[i] = and ? mask[i] & (r ? 1 : 0) : r ? 1 : 0;
    }
    return;
  }
  if (value !== value) {
    // Against NaN: only NaN is equal; every number is less.
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const c = v !== v ? 0 : -1;
      const r = (!hasValid || valid[i] !== 0) && opResult(c, op);
      mask[i] = and ? mask[i] & (r ? 1 : 0) : r ? 1 : 0;
    }
    return;
  }
  // Per row: class 0 less, 1 equal, 2 greater (NaN rows are greater); `table` turns a class into the op's result.
  const table = new Uint8Array(3);
  for (let c = 0; c < 3; c++) table[c] = opResult(c - 1, op) ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    let r = table[v < value ? 0 : v === value ? 1 : 2];
    if (hasValid && valid[i] === 0) r = 0;
    mask[i] = and ? mask[i] & r : r;
  }
}

/** `c` (-1, 0, 1: left vs right) under operator `op`. */
function opResult(c: number, op: number): boolean {
  switch (op) {
    case 0: return c === 0;
    case 1: return c !== 0;
    case 2: return c < 0;
    case 3: return c <= 0;
    case 4: return c > 0;
    default: return c >= 0;
  }
}

/** A bigint row against a number constant (exact: JS compares bigint and number by value). */
function cmpBig(v: bigint, value: number, op: number): boolean {
  if (value !== value) return opResult(-1, op);
  return opResult(v < value ? -1 : v > value ? 1 : 0, op);
}

/**
 * Aggregates `x` into groups: counts the rows that pass mask, the fused predicate and validity (ADDED to `count`),
 * and writes `acc` with op 0 sum, 1 min, 2 max, 3 m2 (sum of (x - mean[g])^2).
 * @param n - rows
 * @param groups - group of each row plus `base` (length 0: every row in group 0)
 * @param base - subtracted from `groups[i]`
 * @param nGroups - groups
 * @param x - values (length 0: count rows only)
 * @param valid - validity of x (length 0: all valid)
 * @param mask - rows to use (length 0: all)
 * @param pred - fused filter values (length 0: none); a row counts only where `pred[i] predOp predValue`
 * @param predOp - as filterCompare's op
 * @param predValue - as filterCompare's value
 * @param op - 0 sum, 1 min, 2 max, 3 m2
 * @param mean - per-group mean for m2
 * @param count - per-group counts, added to
 * @param acc - per-group results (Float64Array, or BigInt64Array for the exact sum of integer x)
 * @throws ExecError for a group id out of range or an integer sum outside BIGINT
 */
export function groupAggregate(n: number, groups: Int32Array, base: number, nGroups: number, x: KernelValues,
  valid: Uint8Array, mask: Uint8Array, pred: KernelValues, predOp: number, predValue: number, op: number,
  mean: Float64Array, count: Float64Array, acc: Float64Array | BigInt64Array): void {
  let use: Uint8Array | null = null;
  if (pred.length > 0) {
    use = new Uint8Array(n);
    filterCompare(n, pred, predOp, predValue, valid, 0, use);
    if (mask.length > 0) for (let i = 0; i < n; i++) use[i] &= mask[i];
  } else if (mask.length > 0) {
    use = mask;
    if (valid.length > 0) {
      use = new Uint8Array(n);
      for (let i = 0; i < n; i++) use[i] = mask[i] & valid[i];
    }
  } else if (valid.length > 0) {
    use = valid;
  }
  const grouped = groups.length > 0;
  for (let i = 0; i < n; i++) {
    const g = grouped ? groups[i] - base : 0;
    if (!(g >= 0 && g < nGroups)) {
      if (use !== null && use[i] === 0) continue;
      throw new ExecError(`groupAggregate: group ${groups[i]} of row ${i} outside [${base}, ${base + nGroups})`);
    }
  }
  if (x.length === 0) {
    for (let i = 0; i < n; i++) {
      if (use !== null && use[i] === 0) continue;
      count[grouped ? groups[i] - base : 0] += 1;
    }
    return;
  }
  if (acc instanceof BigInt64Array) {
    sumExact(n, groups, base, nGroups, x, use, count, acc);
    return;
  }
  if (x instanceof BigInt64Array) {
    const f = new Float64Array(n);
    for (let i = 0; i < n; i++) f[i] = Number(x[i]);
    x = f;
  }
  const seen = new Uint8Array(nGroups);
  if (op === 0 || op === 3) acc.fill(0);
  else acc.fill(NaN);
  for (let i = 0; i < n; i++) {
    if (use !== null && use[i] === 0) continue;
    const g = grouped ? groups[i] - base : 0;
    const v = x[i] as number;
    count[g] += 1;
    if (op === 0) acc[g] += v;
    else if (op === 3) { const d = v - mean[g]; acc[g] += d * d; }
    else if (seen[g] === 0) { seen[g] = 1; acc[g] = v; }
    else {
      const a = acc[g];
      if (op === 1 ? v < a || a !== a : v > a || v !== v) acc[g] = v;
    }
  }
}

/** Exact per-group sum of integers: float partials while exact, spilled to BigInt before they could round. */
function sumExact(n: number, groups: Int32Array, base: number, nGroups: number, x: KernelValues, use: Uint8Array | null,
  count: Float64Array, acc: BigInt64Array): void {
  const grouped = groups.length > 0;
  const big: bigint[] = new Array<bigint>(nGroups).fill(0n);
  if (x instanceof BigInt64Array) {
    for (let i = 0; i < n; i++) {
      if (use !== null && use[i] === 0) continue;
      const g = grouped ? groups[i] - base : 0;
      count[g] += 1;
      big[g] += x[i];
    }
  } else {
    const part = new Float64Array(nGroups);
    for (let i = 0; i < n; i++) {
      if (use !== null && use[i] === 0) continue;
      const g = grouped ? groups[i] - base : 0;
      count[g] += 1;
      const p = part[g] + x[i];
      if (p > SPILL || p < -SPILL) { big[g] += BigInt(p); part[g] = 0; } else part[g] = p;
    }
    for (let g = 0; g < nGroups; g++) if (part[g] !== 0) big[g] += BigInt(part[g]);
  }
  for (let g = 0; g < nGroups; g++) {
    const s = big[g];
    if (s > 9223372036854775807n || s < -9223372036854775808n) {
      throw new ExecError(`Overflow in sum: the sum ${s} of group ${g} is outside BIGINT`);
    }
    acc[g] = s;
  }
}

/** Scratch for reading a double's bits. */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** A 32-bit hash of a canonical double (-0 as 0, one NaN). */
function hashNum(v: number, h: number): number {
  f64[0] = v === 0 ? 0 : v !== v ? NaN : v;
  h = Math.imul(h ^ u32[0], 0x9e3779b1);
  h = Math.imul(h ^ u32[1], 0x85ebca77);
  return h ^ (h >>> 15);
}

/** Hash of row `i` over `m` column-major keys of `n` rows. */
function hashRow(keys: Float64Array, n: number, m: number, i: number): number {
  let h = 0x2545f491;
  for (let j = 0; j < m; j++) h = hashNum(keys[j * n + i], h);
  return h;
}

/** Whether row i of (ka, na) equals row r of (kb, nb) on all m keys (NaN equals NaN, -0 equals 0). */
function sameRow(ka: Float64Array, na: number, i: number, kb: Float64Array, nb: number, r: number, m: number): boolean {
  for (let j = 0; j < m; j++) {
    const a = ka[j * na + i];
    const b = kb[j * nb + r];
    if (a !== b && !(a !== a && b !== b)) return false;
  }
  return true;
}

/** An open-addressing table from key rows to group ids, growing as groups are added. */
class GroupTable {
  slots: Int32Array;
  hashes: Int32Array;
  firstRow: Int32Array;
  size = 0;

  constructor(private readonly keys: Float64Array, private readonly n: number, private readonly m: number,
    firstRow: Int32Array) {
    this.slots = new Int32Array(1024).fill(-1);
    this.hashes = new Int32Array(Math.min(Math.max(n, 1), 1 << 16));
    this.firstRow = firstRow;
  }

  /** The group of row i, adding it when new. */
  add(i: number): number {
    const h = hashRow(this.keys, this.n, this.m, i);
    let mask = this.slots.length - 1;
    let s = h & mask;
    for (;;) {
      const g = this.slots[s];
      if (g < 0) break;
      if (this.hashes[g] === h && sameRow(this.keys, this.n, i, this.keys, this.n, this.firstRow[g], this.m)) return g;
      s = (s + 1) & mask;
    }
    const g = this.size++;
    if (g >= this.hashes.length) {
      const grown = new Int32Array(Math.min(this.hashes.length * 2, this.n));
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[g] = h;
    this.firstRow[g] = i;
    this.slots[s] = g;
    if (this.size * 2 > this.slots.length) {
      this.grow();
      mask = this.slots.length - 1;
    }
    return g;
  }

  /** The group whose key equals row i of `probe` (n rows), or -1. */
  find(probe: Float64Array, pn: number, i: number): number {
    const h = hashRow(probe, pn, this.m, i);
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (;;) {
      const g = this.slots[s];
      if (g < 0) return -1;
      if (this.hashes[g] === h && sameRow(probe, pn, i, this.keys, this.n, this.firstRow[g], this.m)) return g;
      s = (s + 1) & mask;
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let g = 0; g < this.size; g++) {
      let s = this.hashes[g] & mask;
      while (slots[s] >= 0) s = (s + 1) & mask;
      slots[s] = g;
    }
    this.slots = slots;
  }
}

/**
 * Groups rows by `m` keys.
 * @param n - rows
 * @param m - key columns
 * @param keys - m*n values, column-major (key j of row i at j*n + i)
 * @param groups - out: the group of each row, numbered in order of first occurrence
 * @param firstRow - out: the first row of each group
 * @returns the number of groups
 */
export function hashGroup(n: number, m: number, keys: Float64Array, groups: Int32Array, firstRow: Int32Array): number {
  const table = new GroupTable(keys, n, m, firstRow);
  for (let i = 0; i < n; i++) groups[i] = table.add(i);
  return table.size;
}

/**
 * Equi-join pairs: every (build row, probe row) whose m keys are equal, rows with valid 0 never matching, ordered by
 * probe row then build row.
 * @returns the total pair count; only the first `capacity` pairs are written
 */
export function hashJoin(nb: number, m: number, buildKeys: Float64Array, buildValid: Uint8Array, np: number,
  probeKeys: Float64Array, probeValid: Uint8Array, capacity: number, outBuild: Int32Array,
  outProbe: Int32Array): number {
  const firstRow = new Int32Array(nb);
  const table = new GroupTable(buildKeys, nb, m, firstRow);
  const groupOf = new Int32Array(nb);
  for (let i = 0; i < nb; i++) groupOf[i] = buildValid.length > 0 && buildValid[i] === 0 ? -1 : table.add(i);
  // Rows of each group chained in ascending order: head[g] -> next[row] -> ... -1.
  const head = new Int32Array(table.size).fill(-1);
  const next = new Int32Array(nb);
  for (let i = nb - 1; i >= 0; i--) {
    const g = groupOf[i];
    if (g < 0) continue;
    next[i] = head[g];
    head[g] = i;
  }
  let total = 0;
  for (let p = 0; p < np; p++) {
    if (probeValid.length > 0 && probeValid[p] === 0) continue;
    const g = table.find(probeKeys, np, p);
    if (g < 0) continue;
    for (let b = head[g]; b >= 0; b = next[b]) {
      if (total < capacity) { outBuild[total] = b; outProbe[total] = p; }
      total++;
    }
  }
  return total;
}

/** -1, 0, 1 ordering of two doubles, NaN greater than every number and equal to NaN. */
export function compareNum(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = a !== a;
  return an === (b !== b) ? 0 : an ? 1 : -1;
}

/**
 * The first k rows of the order by x (ties by row ascending), NULLs first or last.
 * @returns rows written, min(k, n)
 */
export function topK(n: number, x: Float64Array, valid: Uint8Array, k: number, descending: number, nullsFirst: number,
  out: Int32Array): number {
  const want = Math.min(k, n);
  if (want <= 0) return 0;
  const sign = descending ? -1 : 1;
  // rank(i) < rank(j) <=> row i comes first. Nulls rank by nullsFirst, then values, then row.
  const before = (i: number, j: number): boolean => {
    const ni = valid.length > 0 && valid[i] === 0;
    const nj = valid.length > 0 && valid[j] === 0;
    if (ni !== nj) return nullsFirst ? ni : nj;
    if (!ni) {
      const c = compareNum(x[i], x[j]) * sign;
      if (c !== 0) return c < 0;
    }
    return i < j;
  };
  // A max-heap (by `before`) of the best `want` rows seen: its root is the worst kept row.
  const heap = new Int32Array(want);
  let size = 0;
  const siftDown = (pos: number): void => {
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= size) return;
      let w = l;
      if (l + 1 < size && before(heap[l], heap[l + 1])) w = l + 1;
      if (!before(heap[pos], heap[w])) return;
      const t = heap[pos]; heap[pos] = heap[w]; heap[w] = t;
      pos = w;
    }
  };
  for (let i = 0; i < n; i++) {
    if (size < want) {
      let pos = size++;
      heap[pos] = i;
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        if (!before(heap[parent], heap[pos])) break;
        const t = heap[pos]; heap[pos] = heap[parent]; heap[parent] = t;
        pos = parent;
      }
    } else if (before(i, heap[0])) {
      heap[0] = i;
      siftDown(0);
    }
  }
  for (let r = want - 1; r >= 0; r--) {
    out[r] = heap[0];
    heap[0] = heap[--size];
    siftDown(0);
  }
  return want;
}

/**
 * A stable argsort of n rows by m keys (column-major), each ascending or descending (NaN greater than all numbers).
 * @param out - out: the row order
 */
export function sortIndices(n: number, m: number, keys: Float64Array, descending: Uint8Array, out: Int32Array): void {
  for (let i = 0; i < n; i++) out[i] = i;
  const sign = new Int8Array(m);
  for (let j = 0; j < m; j++) sign[j] = descending[j] ? -1 : 1;
  out.sort((a, b) => {
    for (let j = 0; j < m; j++) {
      const c = compareNum(keys[j * n + a], keys[j * n + b]);
      if (c !== 0) return c * sign[j];
    }
    return a - b;
  });
}
