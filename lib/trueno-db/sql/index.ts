/**
 * The SQL front end of trueno-db: parse (node-sql-parser, PostgreSQL grammar, plus a lexical pass for DuckDB's `?`,
 * `//` and EXPLAIN), bind (names, types, aggregates, subqueries, joins) to the plan IR of lib/trueno-db/plan/ir.ts,
 * and print plans for EXPLAIN. Errors: SqlSyntaxError (ERR_TRUENO_DB_SYNTAX), SqlBindError (ERR_TRUENO_DB_BIND),
 * UnsupportedSqlError (ERR_TRUENO_DB_UNSUPPORTED), each with the line:column in the SQL text when known.
 */
import type { Catalog, SourceRef, Statement } from '../plan/ir';
import { typeError } from '../errors';
import type { Params } from './context';
import { parseSql } from './parse';
import { sourcesOfAst } from './sources';
import { bindStatement } from './statement';

export { explain, exprText } from './explain';
export type { Params } from './context';

/**
 * The tables and files a statement names (parse only, no catalog): what the database loads schemas for before
 * binding. CTE names are not sources.
 * @param sql - one SQL statement
 * @returns the sources, each once
 * @throws SqlSyntaxError when the SQL does not parse; TypeError when sql is not a string
 * @example
 * sourcesOf("SELECT * FROM t JOIN 'x.parquet' USING (id)")
 * // [{ kind: 'table', name: 't' }, { kind: 'file', format: 'parquet', path: 'x.parquet' }]
 */
export function sourcesOf(sql: string): SourceRef[] {
  return sourcesOfAst(parseSql(sql).ast);
}

/**
 * Parses and binds one SQL statement against a catalog.
 * @param sql - one SQL statement (a trailing `;` is allowed)
 * @param catalog - resolves table and file sources to schemas
 * @param params - values of `$1`/`?` (an array) or `$name` (an object), substituted as typed literals
 * @returns the bound statement (a plan for queries)
 * @throws SqlSyntaxError, SqlBindError, UnsupportedSqlError (with `.position`); TypeError (ERR_TRUENO_DB_TYPE) for
 *   arguments of the wrong type
 * @example
 * const stmt = bind('SELECT a, count(*) FROM t WHERE b > $1 GROUP BY a', catalog, [10]);
 * stmt.kind; // 'select'
 */
export function bind(sql: string, catalog: Catalog, params?: Params): Statement {
  if (catalog === null || typeof catalog !== 'object' || typeof (catalog as Catalog).resolve !== 'function') {
    throw typeError(`Expected a Catalog (an object with resolve(source)) for catalog but received ${catalog === null ? 'null' : typeof catalog}`);
  }
  if (params !== undefined && (params === null || typeof params !== 'object')) {
    throw typeError(`Expected an array or an object for params but received ${params === null ? 'null' : typeof params}`);
  }
  return bindStatement(parseSql(sql), catalog, params);
}
