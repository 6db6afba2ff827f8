/**
 * The database's cache budget: entries (decoded files, assembled table columns) with their sizes in bytes, dropped
 * least recently used first when the total passes the budget. An entry in use by the running query is only dropped
 * from the cache (its owner rebuilds it next time); the memory goes once no query holds it.
 */

interface Entry {
  bytes: number;
  evict: () => void;
}

/** A byte budget over keyed entries; see the module comment. */
export class ByteCache {
  private readonly entries = new Map<string, Entry>();
  private total = 0;

  /** @param budget - bytes the entries may hold together */
  constructor(readonly budget: number) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.total;
  }

  /**
   * Adds or replaces an entry, then evicts others past the budget.
   * @param key - the entry
   * @param bytes - its size
   * @param evict - called when the cache drops it
   */
  set(key: string, bytes: number, evict: () => void): void {
    this.remove(key);
    this.entries.set(key, { bytes, evict });
    this.total += bytes;
    this.trim(key);
  }

  /**
   * Changes an entry's size (it grew), keeping it most recently used.
   * @param key - the entry
   * @param bytes - its new size
   */
  resize(key: string, bytes: number): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.total += bytes - e.bytes;
    e.bytes = bytes;
    this.entries.set(key, e);
    this.trim(key);
  }

  /** Marks an entry used now. */
  touch(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.entries.set(key, e);
  }

  /** Drops an entry without calling its evict. */
  remove(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.total -= e.bytes;
  }

  /** Drops every entry (calling evict). */
  clear(): void {
    for (const e of this.entries.values()) e.evict();
    this.entries.clear();
    this.total = 0;
  }

  /** Evicts least recently used entries, never `keep`, while over budget. */
  private trim(keep: string): void {
    for (const [key, e] of this.entries) {
      if (this.total <= this.budget) return;
      if (key === keep) continue;
      this.entries.delete(key);
      this.total -= e.bytes;
      e.evict();
    }
  }
}
