/**
 * External node ids (what the user names nodes with: strings, or integers) and the dense ids 0 .. n - 1 the CSR and
 * the algorithms use. A graph's ids are all strings or all integers, so a file written with them has one id column
 * type and '7' and 7 can never name two different nodes by accident.
 */
import { describe, rangeError, typeError } from './errors';

/** An external node id: a string, or a safe integer. */
export type NodeId = string | number;

/** Which kind of external ids a graph uses (decided by its first id). */
export type IdKind = 'string' | 'number';

/**
 * Checks an external id: a non-empty string, or a safe integer (a bigint within the safe range is accepted and
 * becomes a number).
 * @param id - the value
 * @param name - what it is, for the error message
 * @returns the id
 * @throws TypeError for other types; RangeError for NaN, fractions, unsafe integers and ''
 */
export function checkNodeId(id: unknown, name: string): NodeId {
  if (typeof id === 'string') {
    if (id.length === 0) throw rangeError(`Expected a non-empty string or a safe integer for ${name} but received ''`);
    return id;
  }
  if (typeof id === 'bigint') {
    if (id < BigInt(Number.MIN_SAFE_INTEGER) || id > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw rangeError(`Expected a safe integer for ${name} but received ${describe(id)}`);
    }
    return Number(id);
  }
  if (typeof id !== 'number') throw typeError(`Expected a string or an integer for ${name} but received ${describe(id)}`);
  if (!Number.isSafeInteger(id)) throw rangeError(`Expected a safe integer for ${name} but received ${describe(id)}`);
  return id === 0 ? 0 : id; // -0 and 0 are one id
}

/** The two-way map between external and dense ids of one graph. */
export class IdMap {
  private idKind: IdKind | undefined;
  /** While true, the external id of dense id d is the number d itself and nothing else is stored. */
  private identity: boolean;
  private identitySize: number;
  private readonly byId = new Map<NodeId, number>();
  private readonly ids: NodeId[] = [];

  /**
   * @param identitySize - with a number, the map starts as the identity over 0 .. identitySize - 1 (numeric ids)
   */
  constructor(identitySize?: number) {
    this.identity = identitySize !== undefined;
    this.identitySize = identitySize ?? 0;
    if (this.identity) this.idKind = 'number';
  }

  /** Nodes mapped. */
  get size(): number {
    return this.identity ? this.identitySize : this.ids.length;
  }

  /** The kind of the ids, or undefined while there are none. */
  get kind(): IdKind | undefined {
    return this.idKind;
  }

  /** Whether external ids are the dense ids themselves (0 .. size - 1). */
  get isIdentity(): boolean {
    return this.identity;
  }

  /**
   * The dense id of an external id.
   * @param id - a checked id
   * @returns the dense id, or -1 when the graph has no such node
   */
  dense(id: NodeId): number {
    if (this.identity) return typeof id === 'number' && id >= 0 && id < this.identitySize ? id : -1;
    return this.byId.get(id) ?? -1;
  }

  /**
   * The external id of a dense id (assumed in range).
   * @param dense - the dense id
   * @returns the external id
   */
  external(dense: number): NodeId {
    return this.identity ? dense : this.ids[dense];
  }

  /**
   * Maps an id, adding it when new.
   * @param id - a checked id
   * @param name - what it is, for the error message
   * @returns its dense id
   * @throws TypeError when its kind differs from the graph's
   */
  add(id: NodeId, name: string): number {
    this.idKind = this.checkKind(id, name);
    if (this.identity) {
      if (id === this.identitySize) return this.identitySize++;
      if ((id as number) >= 0 && (id as number) < this.identitySize) return id as number;
      this.materialize();
    }
    const known = this.byId.get(id);
    if (known !== undefined) return known;
    this.byId.set(id, this.ids.length);
    this.ids.push(id);
    return this.ids.length - 1;
  }

  /**
   * Checks that an id has the graph's kind.
   * @param id - a checked id
   * @param name - what it is, for the error message
   * @returns its kind
   * @throws TypeError when its kind differs from the graph's
   */
  checkKind(id: NodeId, name: string): IdKind {
    const kind: IdKind = typeof id === 'string' ? 'string' : 'number';
    if (this.idKind !== undefined && kind !== this.idKind) {
      throw typeError(`Expected a ${this.idKind === 'string' ? 'string' : 'integer'} for ${name} (this graph's node ids are ${this.idKind}s) but received ${describe(id)}`);
    }
    return kind;
  }

  /** Every external id in dense order (a copy). */
  externals(): NodeId[] {
    return this.identity ? Array.from({ length: this.identitySize }, (_, i) => i) : this.ids.slice();
  }

  /** Leaves identity mode: stores 0 .. size - 1 explicitly, so a non-consecutive id can be added. */
  private materialize(): void {
    for (let i = 0; i < this.identitySize; i++) {
      this.byId.set(i, i);
      this.ids.push(i);
    }
    this.identity = false;
  }
}
