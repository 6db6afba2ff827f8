/**
 * Name resolution: the columns a FROM clause makes visible, with the relation (table alias) each belongs to. Names
 * match case-insensitively, as in DuckDB; an unqualified name found in two relations is ambiguous; an unknown name
 * gets a suggestion of the closest visible names.
 */
import type { SqlType } from '../types';

/** One visible column: `index` is its position in the input of the node the expression is bound over. */
export interface ScopeColumn {
  /** The relation's name or alias (undefined for a derived column without one). */
  relation: string | undefined;
  name: string;
  type: SqlType;
  index: number;
  /** A USING join's right-hand copy of a join column: reachable qualified only, not by an unqualified name or `*`. */
  hidden?: boolean;
  /** Where `*` lists the column, when not at `index` (the merged column of a FULL/RIGHT USING join). */
  order?: number;
}

/** What a lookup found. */
export type Lookup =
  | { kind: 'found'; column: ScopeColumn }
  | { kind: 'ambiguous'; columns: ScopeColumn[] }
  | { kind: 'none' };

/** The columns visible to an expression; `outer` is the enclosing query's scope (only to detect correlation). */
export class Scope {
  /**
   * @param columns - the visible columns
   * @param outer - the enclosing query's scope, for subqueries
   */
  constructor(readonly columns: ScopeColumn[], readonly outer?: Scope) {}

  /** The relation names in this scope (lower case). */
  relations(): Set<string> {
    return new Set(this.columns.filter((c) => c.relation !== undefined).map((c) => c.relation!.toLowerCase()));
  }

  /**
   * Looks a column up by optional relation and name.
   * @param relation - the qualifier as written, or undefined
   * @param name - the column name as written
   */
  lookup(relation: string | undefined, name: string): Lookup {
    const r = relation?.toLowerCase();
    const n = name.toLowerCase();
    const hits = this.columns.filter((c) => c.name.toLowerCase() === n
      && (r === undefined ? !c.hidden : c.relation?.toLowerCase() === r));
    if (hits.length === 0) return { kind: 'none' };
    if (hits.length === 1) return { kind: 'found', column: hits[0] };
    const exact = hits.filter((c) => c.name === name);
    if (exact.length === 1 && r !== undefined) return { kind: 'found', column: exact[0] };
    return { kind: 'ambiguous', columns: hits };
  }

  /** Up to three visible names close to `name` (edit distance <= 2 or a containment), qualified when needed. */
  suggest(name: string): string[] {
    const n = name.toLowerCase();
    const scored = this.columns.filter((c) => !c.hidden).map((c) => {
      const cn = c.name.toLowerCase();
      const d = cn.includes(n) || n.includes(cn) ? 1 : editDistance(n, cn);
      return { label: c.name, d };
    }).filter((x) => x.d <= Math.max(2, Math.floor(n.length / 3))).sort((a, b) => a.d - b.d);
    return [...new Set(scored.map((x) => x.label))].slice(0, 3);
  }
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
