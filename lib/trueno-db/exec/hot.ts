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
  if (!(op >= 0 && op <= 5)) throw new ExecError(`filterCompare: unknown operator ${op}`);
  if (x instanceof BigInt64Array || value !== value) {
    compareSlow(n, x, op, value, mask, and);
  } else {
    compareFast(n, x, op, value, mask, and);
  }
  if (valid.length > 0) for (let i = 0; i < n; i++) mask[i] &= valid[i];
}

/**
 * Number rows against a number: branch-free (`+(a > b)`), since a data-dependent branch per row mispredicts on
 * random data. NaN rows are greater than `value`: `v !== v` is ORed into <>, > and >=.
 */
function compareFast(n: number, x: Float64Array | Float32Array | Int32Array, op: number, value: number,
  mask: Uint8Array, and: number): void {
  if (and) {
    switch (op) {
      case 0: for (let i = 0; i < n; i++) mask[i] &= +(x[i] === value); break;
      case 1: for (let i = 0; i < n; i++) mask[i] &= +(x[i] !== value); break;
      case 2: for (let i = 0; i < n; i++) mask[i] &= +(x[i] < value); break;
      case 3: for (let i = 0; i < n; i++) mask[i] &= +(x[i] <= value); break;
      case 4: for (let i = 0; i < n; i++) { const v = x[i]; mask[i] &= +(v > value) | +(v !== v); } break;
      default: for (let i = 0; i < n; i++) { const v = x[i]; mask[i] &= +(v >= value) | +(v !== v); } break;
    }
    return;
  }
  switch (op) {
    case 0: for (let i = 0; i < n; i++) mask[i] = +(x[i] === value); break;
    case 1: for (let i = 0; i < n; i++) mask[i] = +(x[i] !== value); break;
    case 2: for (let i = 0; i < n; i++) mask[i] = +(x[i] < value); break;
    case 3: for (let i = 0; i < n; i++) mask[i] = +(x[i] <= value); break;
    case 4: for (let i = 0; i < n; i++) { const v = x[i]; mask[i] = +(v > value) | +(v !== v); } break;
    default: for (let i = 0; i < n; i++) { const v = x[i]; mask[i] = +(v >= value) | +(v !== v); } break;
  }
}

/** BIGINT rows (compared exactly with the number) or a NaN constant (only NaN equals it; numbers are less). */
function compareSlow(n: number, x: KernelValues, op: number, value: number, mask: Uint8Array, and: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i];
    let c: number;
    if (value !== value) c = typeof v === 'number' && v !== v ? 0 : -1;
    else c = v < value ? -1 : v > value ? 1 : 0;
    const r = opResult(c, op) ? 1 : 0;
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
  // Rows are routed to a slot: 0 for rows that do not count, g + 1 for group g. Writing the rows that do not count
  // into a discarded slot instead of branching on them keeps the loops free of data-dependent branches.
  if (groups.length === 0 && mask.length === 0 && valid.length === 0 && pred.length > 0 && op === 0
    && !(pred instanceof BigInt64Array) && !(x instanceof BigInt64Array) && x.length > 0 && predValue === predValue
    && acc instanceof Float64Array) {
    const c = new Float64Array(2);
    const a = new Float64Array(2);
    predicateSum(n, x, pred, predOp, predValue, c, a);
    count[0] += c[1];
    acc[0] = a[1];
    return;
  }
  let use: Uint8Array | null = null;
  if (pred.length > 0) {
    use = new Uint8Array(n);
    filterCompare(n, pred, predOp, predValue, valid, 0, use);
    if (mask.length > 0) for (let i = 0; i < n; i++) use[i] &= mask[i];
  } else if (mask.length > 0 || valid.length > 0) {
    use = new Uint8Array(n);
    if (mask.length > 0) use.set(mask.subarray(0, n));
    else use.fill(1);
    if (valid.length > 0) for (let i = 0; i < n; i++) use[i] &= valid[i];
  }
  const slots = slotsOf(n, groups, base, nGroups, use);
  const S = nGroups + 1;
  const cnt = new Float64Array(S);
  if (x.length === 0) {
    countSlots(n, slots, cnt);
  } else if (acc instanceof BigInt64Array) {
    sumExact(n, slots, x, cnt, acc, nGroups);
  } else {
    const xv = x instanceof BigInt64Array ? Float64Array.from(x, Number) : x;
    const a = new Float64Array(S);
    if (op === 0) sumSlots(n, slots, xv, cnt, a);
    else if (op === 3) m2Slots(n, slots, xv, mean, cnt, a);
    else extremeSlots(n, slots, xv, cnt, a, op === 2);
    for (let g = 0; g < nGroups; g++) acc[g] = a[g + 1];
  }
  for (let g = 0; g < nGroups; g++) count[g] += cnt[g + 1];
}

/**
 * `SELECT sum(x) WHERE pred op value` in one pass: each row adds into slot 1 when the predicate holds, slot 0
 * otherwise, with the predicate computed branch-free (NaN rows greater than `value`).
 */
function predicateSum(n: number, x: Float64Array | Float32Array | Int32Array, pred: Float64Array | Float32Array |
  Int32Array, op: number, value: number, c: Float64Array, a: Float64Array): void {
  switch (op) {
    case 0: for (let i = 0; i < n; i++) { const u = +(pred[i] === value); c[u] += 1; a[u] += x[i]; } break;
    case 1: for (let i = 0; i < n; i++) { const u = +(pred[i] !== value); c[u] += 1; a[u] += x[i]; } break;
    case 2: for (let i = 0; i < n; i++) { const u = +(pred[i] < value); c[u] += 1; a[u] += x[i]; } break;
    case 3: for (let i = 0; i < n; i++) { const u = +(pred[i] <= value); c[u] += 1; a[u] += x[i]; } break;
    case 4:
      for (let i = 0; i < n; i++) { const v = pred[i]; const u = +(v > value) | +(v !== v); c[u] += 1; a[u] += x[i]; }
      break;
    default:
      for (let i = 0; i < n; i++) { const v = pred[i]; const u = +(v >= value) | +(v !== v); c[u] += 1; a[u] += x[i]; }
      break;
  }
}

/** Where row i goes: slot `arr[i] + off`; null when every row counts, in group 0 (slot 1). */
interface Slots {
  arr: Int32Array | Uint8Array;
  off: number;
}

/**
 * The slots of the rows: the group ids themselves (shifted) when every row counts, else a slot array with 0 for the
 * rows that do not count.
 * @throws ExecError for a row whose group is outside [base, base + nGroups) (counted or not, as the native kernel)
 */
function slotsOf(n: number, groups: Int32Array, base: number, nGroups: number, use: Uint8Array | null): Slots | null {
  if (groups.length === 0) return use === null ? null : { arr: use, off: 0 };
  let bad = -1;
  if (use === null) {
    for (let i = 0; i < n; i++) {
      const g = groups[i] - base;
      if (g >= nGroups || g < 0) { bad = i; break; }
    }
    if (bad < 0) return { arr: groups, off: 1 - base };
  } else {
    const slots = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const g = groups[i] - base;
      const u = use[i];
      if (g >= nGroups || g < 0) { bad = i; break; }
      slots[i] = (g + 1) * u;
    }
    if (bad < 0) return { arr: slots, off: 0 };
  }
  throw new ExecError(`groupAggregate: group ${groups[bad]} of row ${bad} outside [${base}, ${base + nGroups})`);
}

function countSlots(n: number, slots: Slots | null, cnt: Float64Array): void {
  if (slots === null) { cnt[1] += n; return; }
  const { arr, off } = slots;
  for (let i = 0; i < n; i++) cnt[arr[i] + off] += 1;
}

function sumSlots(n: number, slots: Slots | null, x: Float64Array | Float32Array | Int32Array,
  cnt: Float64Array, a: Float64Array): void {
  if (slots === null) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i];
    a[1] = s;
    cnt[1] = n;
    return;
  }
  const { arr, off } = slots;
  for (let i = 0; i < n; i++) {
    const k = arr[i] + off;
    cnt[k] += 1;
    a[k] += x[i];
  }
}

function m2Slots(n: number, slots: Slots | null, x: Float64Array | Float32Array | Int32Array,
  mean: Float64Array, cnt: Float64Array, a: Float64Array): void {
  const arr = slots?.arr ?? null;
  const off = slots?.off ?? 0;
  for (let i = 0; i < n; i++) {
    const k = arr === null ? 1 : arr[i] + off;
    const d = x[i] - (k > 0 ? mean[k - 1] : 0);
    cnt[k] += 1;
    a[k] += d * d;
  }
}

/** min/max with NaN greater than every number; the first row of a slot initialises it. */
function extremeSlots(n: number, slots: Slots | null, x: Float64Array | Float32Array | Int32Array,
  cnt: Float64Array, a: Float64Array, max: boolean): void {
  const arr = slots?.arr ?? null;
  const off = slots?.off ?? 0;
  a.fill(NaN);
  for (let i = 0; i < n; i++) {
    const k = arr === null ? 1 : arr[i] + off;
    const v = x[i];
    const cur = a[k];
    if (cnt[k] === 0 || (max ? v > cur || v !== v : v < cur || cur !== cur)) a[k] = v;
    cnt[k] += 1;
  }
}

/** Exact sum of integers per slot: float partials while exact, moved to a BigInt before they could round. */
function sumExact(n: number, slots: Slots | null, x: KernelValues, cnt: Float64Array,
  acc: BigInt64Array, nGroups: number): void {
  const S = nGroups + 1;
  const arr = slots?.arr ?? null;
  const off = slots?.off ?? 0;
  const big: bigint[] = new Array<bigint>(S).fill(0n);
  if (x instanceof BigInt64Array) {
    for (let i = 0; i < n; i++) {
      const k = arr === null ? 1 : arr[i] + off;
      cnt[k] += 1;
      if (k !== 0) big[k] += x[i];
    }
  } else {
    const part = new Float64Array(S);
    for (let i = 0; i < n; i++) {
      const k = arr === null ? 1 : arr[i] + off;
      cnt[k] += 1;
      const p = part[k] + x[i];
      part[k] = p;
      if (p > SPILL || p < -SPILL) { big[k] += BigInt(p); part[k] = 0; }
    }
    for (let k = 1; k < S; k++) if (part[k] !== 0) big[k] += BigInt(part[k]);
  }
  for (let g = 0; g < nGroups; g++) {
    const s = big[g + 1];
    if (s > 9223372036854775807n || s < -9223372036854775808n) {
      throw new ExecError(`Overflow in sum: the sum ${s} of group ${g} is outside BIGINT`);
    }
    acc[g] = s;
  }
}

/** Scratch for reading a double's bits. */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * A 32-bit hash of a canonical double (-0 as 0, one NaN) mixed into `h`, with murmur3's finaliser: small integers
 * differ only in a few high bits of the double, which a plain multiply would never carry down to the low bits that
 * pick a slot.
 */
function hashNum(v: number, h: number): number {
  f64[0] = v === 0 ? 0 : v !== v ? NaN : v;
  h = Math.imul(h ^ u32[0], 0xcc9e2d51);
  h = (h << 15) | (h >>> 17);
  h = Math.imul(h ^ u32[1], 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
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
  if (m === 1) return hashGroupOne(n, keys, groups, firstRow);
  const table = new GroupTable(keys, n, m, firstRow);
  for (let i = 0; i < n; i++) groups[i] = table.add(i);
  return table.size;
}

/** hashGroup for one key: the table holds each group's key value itself (no indirection through its first row). */
function hashGroupOne(n: number, keys: Float64Array, groups: Int32Array, firstRow: Int32Array): number {
  let slots = new Int32Array(1024).fill(-1);
  let mask = slots.length - 1;
  let values = new Float64Array(Math.min(Math.max(n, 1), 1024));
  let size = 0;
  for (let i = 0; i < n; i++) {
    let v = keys[i];
    if (v === 0) v = 0;
    const h = hashNum(v, 0x2545f491);
    let s = h & mask;
    let g = slots[s];
    while (g >= 0) {
      const k = values[g];
      if (k === v || (k !== k && v !== v)) break;
      s = (s + 1) & mask;
      g = slots[s];
    }
    if (g < 0) {
      g = size++;
      if (g >= values.length) {
        const grown = new Float64Array(Math.min(values.length * 2, n));
        grown.set(values);
        values = grown;
      }
      values[g] = v;
      firstRow[g] = i;
      slots[s] = g;
      if (size * 2 > slots.length) {
        slots = new Int32Array(slots.length * 2).fill(-1);
        mask = slots.length - 1;
        for (let q = 0; q < size; q++) {
          let t = hashNum(values[q], 0x2545f491) & mask;
          while (slots[t] >= 0) t = (t + 1) & mask;
          slots[t] = q;
        }
      }
    }
    groups[i] = g;
  }
  return size;
}

/**
 * Equi-join pairs: every (build row, probe row) whose m keys are equal, rows with valid 0 never matching, ordered by
 * probe row then build row.
 * @returns the total pair count; only the first `capacity` pairs are written
 */
export function hashJoin(nb: number, m: number, buildKeys: Float64Array, buildValid: Uint8Array, np: number,
  probeKeys: Float64Array, probeValid: Uint8Array, capacity: number, outBuild: Int32Array,
  outProbe: Int32Array): number {
  if (m === 1) return hashJoinOne(nb, buildKeys, buildValid, np, probeKeys, probeValid, capacity, outBuild, outProbe);
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

/** hashJoin on one key: the build table holds each distinct key value itself, with its rows chained in order. */
function hashJoinOne(nb: number, buildKeys: Float64Array, buildValid: Uint8Array, np: number, probeKeys: Float64Array,
  probeValid: Uint8Array, capacity: number, outBuild: Int32Array, outProbe: Int32Array): number {
  let cap = 16;
  while (cap < 2 * nb) cap *= 2;
  const slots = new Int32Array(cap).fill(-1);
  const mask = cap - 1;
  const values = new Float64Array(Math.max(nb, 1));
  const head = new Int32Array(Math.max(nb, 1));
  const tail = new Int32Array(Math.max(nb, 1));
  const next = new Int32Array(Math.max(nb, 1)).fill(-1);
  let size = 0;
  for (let i = 0; i < nb; i++) {
    if (buildValid.length > 0 && buildValid[i] === 0) continue;
    let v = buildKeys[i];
    if (v === 0) v = 0;
    let s = hashNum(v, 0x2545f491) & mask;
    let g = slots[s];
    while (g >= 0) {
      const k = values[g];
      if (k === v || (k !== k && v !== v)) break;
      s = (s + 1) & mask;
      g = slots[s];
    }
    if (g < 0) {
      g = size++;
      values[g] = v;
      head[g] = i;
      tail[g] = i;
      slots[s] = g;
    } else {
      next[tail[g]] = i;
      tail[g] = i;
    }
  }
  let total = 0;
  for (let p = 0; p < np; p++) {
    if (probeValid.length > 0 && probeValid[p] === 0) continue;
    let v = probeKeys[p];
    if (v === 0) v = 0;
    let s = hashNum(v, 0x2545f491) & mask;
    let g = slots[s];
    while (g >= 0) {
      const k = values[g];
      if (k === v || (k !== k && v !== v)) break;
      s = (s + 1) & mask;
      g = slots[s];
    }
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
  const noNulls = valid.length === 0;
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
  let i = 0;
  for (; i < n && size < want; i++) {
    let pos = size++;
    heap[pos] = i;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      if (!before(heap[parent], heap[pos])) break;
      const t = heap[pos]; heap[pos] = heap[parent]; heap[parent] = t;
      pos = parent;
    }
  }
  if (noNulls) {
    // Rows no better than the worst kept one are rejected by one comparison (later rows lose ties): descending,
    // `!(v <= worst)` is true for a larger value or NaN; a NaN worst admits nothing more. Ascending, `v < worst`,
    // or any number while the worst is NaN.
    let worst = x[heap[0]];
    if (descending) {
      for (; i < n && worst === worst; i++) {
        if (!(x[i] <= worst)) { heap[0] = i; siftDown(0); worst = x[heap[0]]; }
      }
    } else {
      for (; i < n; i++) {
        const v = x[i];
        if (v < worst || (worst !== worst && v === v)) { heap[0] = i; siftDown(0); worst = x[heap[0]]; }
      }
    }
  } else {
    for (; i < n; i++) {
      if (before(i, heap[0])) { heap[0] = i; siftDown(0); }
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
  if (n >= RADIX_MIN) {
    radixSort(n, m, keys, descending, out);
    return;
  }
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

/** Rows from which a radix sort beats a comparison sort (its 16-bit histograms cost ~65k steps per pass). */
const RADIX_MIN = 1 << 16;

/**
 * Stable LSD radix sort of `perm` by m float64 keys: the last key first, each key as a 64-bit unsigned image of the
 * double (order-preserving: -0 as 0, every NaN above +inf, bits inverted for DESC) in four 16-bit digits; a pass
 * whose digit is the same for every row is skipped (small integers need one or two passes, not four).
 */
function radixSort(n: number, m: number, keys: Float64Array, descending: Uint8Array, perm: Int32Array): void {
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let p2: Int32Array = new Int32Array(n);
  let p: Int32Array = perm;
  const count = new Int32Array(65536);
  const bits = new Float64Array(1);
  const w = new Uint32Array(bits.buffer);
  for (let j = m - 1; j >= 0; j--) {
    const flip = descending[j] ? 0xffffffff : 0;
    const off = j * n;
    for (let i = 0; i < n; i++) {
      let v = keys[off + p[i]];
      if (v === 0) v = 0;
      bits[0] = v !== v ? NaN : v;
      let h = w[1];
      let l = w[0];
      if (h >>> 31) { h = ~h; l = ~l; } else h ^= 0x80000000;
      hi[i] = (h ^ flip) >>> 0;
      lo[i] = (l ^ flip) >>> 0;
    }
    for (let d = 0; d < 4; d++) {
      const src = d < 2 ? lo : hi;
      const shift = (d & 1) * 16;
      count.fill(0);
      for (let i = 0; i < n; i++) count[(src[i] >>> shift) & 0xffff]++;
      if (count[(src[0] >>> shift) & 0xffff] === n) continue;
      let sum = 0;
      for (let b = 0; b < 65536; b++) { const c = count[b]; count[b] = sum; sum += c; }
      for (let i = 0; i < n; i++) {
        const k = count[(src[i] >>> shift) & 0xffff]++;
        p2[k] = p[i];
        hi2[k] = hi[i];
        lo2[k] = lo[i];
      }
      [p, p2] = [p2, p];
      [hi, hi2] = [hi2, hi];
      [lo, lo2] = [lo2, lo];
    }
  }
  if (p !== perm) perm.set(p);
}
