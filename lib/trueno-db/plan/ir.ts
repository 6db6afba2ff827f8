/**
 * The plan IR: what the SQL front end (lib/trueno-db/sql) produces and the executor (lib/trueno-db/exec) runs.
 *
 * Plain data only (no functions, no classes), so a bound plan crosses to a worker thread by structured clone, is
 * printed by EXPLAIN and can be built by hand in tests. The binder does every name lookup and all type inference:
 * - an expression refers to its input's columns by position (`ColumnRef.index`); for a join the input is the left
 *   columns followed by the right ones;
 * - operands of an arithmetic operator, a comparison, IN, CASE branches, COALESCE/GREATEST/LEAST and UNION inputs
 *   already have one common type (the binder inserts `Cast`s, by DuckDB's implicit-cast rules), so the executor
 *   never coerces on its own; every node states its result type;
 * - parameters are already substituted as literals;
 * - BETWEEN, `x IN (subquery)` rewrites the binder chooses, CASE with an operand and `::` are desugared; CTEs are
 *   inlined (a CTE used twice is planned twice).
 */
import type { Schema, SqlType } from '../types';

/** A literal value: null, boolean, number (also decimal, date as days, timestamp as µs), bigint (bigint type), string. */
export type LiteralValue = null | boolean | number | bigint | string;

/** Column `index` of the node's input. */
export interface ColumnRef {
  kind: 'column';
  index: number;
  type: SqlType;
}

/** A constant. */
export interface Literal {
  kind: 'literal';
  value: LiteralValue;
  type: SqlType;
}

/**
 * Scalar operators and functions, by name. Operators: `+ - * / // %` (arithmetic: `/` on integers is a double
 * division, `//` integer division, as DuckDB), `neg`, `= <> < <= > >=`, `is_distinct`, `is_not_distinct`, `and`,
 * `or`, `not`, `is_null`, `is_not_null`, `like`, `ilike` (args: value, pattern, optional escape), `in_list` (args[0]
 * IN args[1..]), `concat` (also `||`). Functions: the list (abs, round (1 or 2 args), floor, ceil, sqrt, ln,
 * exp, power, lower, upper, length, substr (2 or 3 args, 1-based), trim, coalesce, nullif, greatest, least,
 * date_trunc (args: part literal, value), extract (args: part literal, value)).
 */
export type ScalarFn =
  | '+' | '-' | '*' | '/' | '//' | '%' | 'neg'
  | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'is_distinct' | 'is_not_distinct'
  | 'and' | 'or' | 'not' | 'is_null' | 'is_not_null' | 'like' | 'ilike' | 'in_list' | 'concat'
  | 'abs' | 'round' | 'floor' | 'ceil' | 'sqrt' | 'ln' | 'exp' | 'power'
  | 'lower' | 'upper' | 'length' | 'substr' | 'trim'
  | 'coalesce' | 'nullif' | 'greatest' | 'least' | 'date_trunc' | 'extract';

/** A scalar function or operator applied to arguments. */
export interface Call {
  kind: 'call';
  fn: ScalarFn;
  args: Expr[];
  type: SqlType;
}

/** CAST(expr AS type) and `expr::type`; `try` gives NULL where the value does not convert instead of an error. */
export interface Cast {
  kind: 'cast';
  expr: Expr;
  type: SqlType;
  try?: boolean;
}

/** CASE WHEN ... THEN ... [ELSE ...] END (an operand form is desugared to `=` tests). No ELSE means ELSE NULL. */
export interface Case {
  kind: 'case';
  whens: { when: Expr; then: Expr }[];
  else?: Expr;
  type: SqlType;
}

/**
 * An uncorrelated subquery, evaluated once: `scalar` (one column, at most one row, NULL when none), `exists`,
 * or `in` (`expr IN (plan)` with SQL's three-valued result; `negated` for NOT IN). `plan` has one output column
 * for `scalar` and `in`.
 */
export interface Subquery {
  kind: 'subquery';
  mode: 'scalar' | 'exists' | 'in';
  plan: Plan;
  expr?: Expr;
  negated?: boolean;
  type: SqlType;
}

/** Any expression. */
export type Expr = ColumnRef | Literal | Call | Cast | Case | Subquery;

/** Aggregate functions. `quantile_cont`/`quantile_disc` carry the fraction in `AggregateCall.fraction`. */
export type AggregateFn =
  | 'count_star' | 'count' | 'sum' | 'avg' | 'min' | 'max'
  | 'stddev_samp' | 'stddev_pop' | 'var_samp' | 'var_pop'
  | 'median' | 'quantile_cont' | 'quantile_disc';

/** One aggregate in an Aggregate node. */
export interface AggregateCall {
  fn: AggregateFn;
  /** Over the aggregate node's input; empty for count_star. */
  args: Expr[];
  distinct: boolean;
  /** quantile_cont/quantile_disc: the fraction in [0, 1]. */
  fraction?: number;
  type: SqlType;
}

/** One ORDER BY key. */
export interface SortKey {
  expr: Expr;
  descending: boolean;
  /** As resolved by the binder (DuckDB's default: NULLS LAST for both directions). */
  nullsFirst: boolean;
}

/**
 * Where a scan reads: a table of the database, or a file / Delta table named in FROM (`'x.parquet'`,
 * `read_parquet('x')`, `read_csv('x')`, `read_delta('dir')`). `id` is the key of the source's columns in the
 * executor's input (`table:<name>` or `<format>:<path>`).
 */
export type SourceRef =
  | { kind: 'table'; name: string }
  | { kind: 'file'; format: 'parquet' | 'csv' | 'json' | 'arrow' | 'delta'; path: string };

/** Reads `columns` (positions in the source's schema, in output order) of a source. */
export interface ScanNode {
  op: 'scan';
  source: SourceRef;
  id: string;
  columns: number[];
  schema: Schema;
}

/** Literal rows (INSERT ... VALUES, SELECT without FROM: one row of zero columns). */
export interface ValuesNode {
  op: 'values';
  rows: Expr[][];
  schema: Schema;
}

/** Keeps the rows where `predicate` is TRUE (not FALSE, not NULL). */
export interface FilterNode {
  op: 'filter';
  input: Plan;
  predicate: Expr;
  schema: Schema;
}

/** Computes `exprs` per row; output schema names are the select list's names/aliases. */
export interface ProjectNode {
  op: 'project';
  input: Plan;
  exprs: Expr[];
  schema: Schema;
}

/** GROUP BY `groups` (none: one row, even on empty input) computing `aggregates`; output: groups then aggregates. */
export interface AggregateNode {
  op: 'aggregate';
  input: Plan;
  groups: Expr[];
  aggregates: AggregateCall[];
  schema: Schema;
}

/**
 * A join. Equi-keys pairwise (`leftKeys[i]` over the left input equals `rightKeys[i]` over the right, NULL never
 * matching; same types); `condition` is an extra predicate over left ++ right columns. `cross` has no keys. `semi`
 * and `anti` output the left columns only.
 */
export interface JoinNode {
  op: 'join';
  kind: 'inner' | 'left' | 'right' | 'full' | 'cross' | 'semi' | 'anti';
  left: Plan;
  right: Plan;
  leftKeys: Expr[];
  rightKeys: Expr[];
  condition?: Expr;
  schema: Schema;
}

/** ORDER BY; stable. */
export interface SortNode {
  op: 'sort';
  input: Plan;
  keys: SortKey[];
  schema: Schema;
}

/** LIMIT/OFFSET (`limit` null: no limit). Over a Sort node the executor runs a top-k instead of a full sort. */
export interface LimitNode {
  op: 'limit';
  input: Plan;
  limit: number | null;
  offset: number;
  schema: Schema;
}

/** SELECT DISTINCT over all input columns. */
export interface DistinctNode {
  op: 'distinct';
  input: Plan;
  schema: Schema;
}

/** UNION [ALL] of inputs with the same schema (the binder casts). */
export interface UnionNode {
  op: 'union';
  inputs: Plan[];
  all: boolean;
  schema: Schema;
}

/** Any plan node. */
export type Plan =
  | ScanNode | ValuesNode | FilterNode | ProjectNode | AggregateNode | JoinNode | SortNode | LimitNode | DistinctNode
  | UnionNode;

/** A column definition in CREATE TABLE. */
export interface ColumnDef {
  name: string;
  type: SqlType;
  notNull: boolean;
}

/**
 * A bound statement. `explain` carries the plan to print; `delete.predicate` is over the table's columns (absent:
 * delete every row); `insert.columns` are positions in the table (absent: all, in order) that `plan`'s columns fill.
 */
export type Statement =
  | { kind: 'select'; plan: Plan }
  | { kind: 'explain'; plan: Plan }
  | { kind: 'create_table'; name: string; columns: ColumnDef[]; ifNotExists: boolean }
  | { kind: 'create_table_as'; name: string; plan: Plan; ifNotExists: boolean }
  | { kind: 'insert'; table: string; columns?: number[]; plan: Plan }
  | { kind: 'delete'; table: string; predicate?: Expr }
  | { kind: 'drop_table'; name: string; ifExists: boolean };

/** What the binder asks the database: the schema of a table or file source, or undefined when there is none. */
export interface Catalog {
  resolve(source: SourceRef): Schema | undefined;
}
