/**
 * What the commands and the shell need from an open database, in one small interface: run a statement, list the
 * tables, describe one. The command line reaches the database only through it (open.ts implements it over
 * `Database`), so the shell and the printers are tested without one and an API change touches one file.
 */
import type { Table } from 'apache-arrow';
import type { ColumnBatch, SqlType } from '../../trueno-db/types';
import type { ParamValues } from './params';

/** A statement that returned rows. */
export interface RowsOutcome {
  kind: 'rows';
  /** Number of rows. */
  numRows: number;
  /** The result's columns (shared with the result: read only). */
  batch(): ColumnBatch;
  /** The result as an Arrow table (for `--out`). */
  toTable(): Table;
  /** For EXPLAIN: the plan, printed as it is in the table form instead of as a one-cell table. */
  text?: string;
}

/** A statement that changed the database (DDL, DML): what it reports. */
export interface DoneOutcome {
  kind: 'done';
  /** Rows inserted, deleted or written, when the statement reports it. */
  changed?: number;
}

/** What running one statement gives. */
export type Outcome = RowsOutcome | DoneOutcome;

/** A table's columns. */
export interface TableSchema {
  names: string[];
  types: SqlType[];
}

/** An open database, as the command line uses it. */
export interface Session {
  /** Runs one statement: a query returns rows, DDL / DML returns what it changed. */
  run(sql: string, params?: ParamValues): Promise<Outcome>;
  /** The table names, sorted. */
  tables(): Promise<string[]>;
  /** A table's columns; throws ERR_TRUENO_DB_NO_TABLE for an unknown name. */
  schema(table: string): Promise<TableSchema>;
}
