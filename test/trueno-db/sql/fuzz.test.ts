/**
 * Robustness: random token soups and mutations of valid queries never crash the front end. Every failure is one of
 * its error classes (syntax, bind, unsupported), with a message, never a TypeError from inside the binder.
 */
import fc from 'fast-check';
import { bind, sourcesOf } from '../../../lib/trueno-db/sql';
import { SqlError } from '../../../lib/trueno-db/errors';
import { fakeCatalog } from './catalog';
import { SQL_CORPUS } from './corpus';

const TOKENS = ['SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'ORDER', 'HAVING', 'LIMIT', 'OFFSET', 'JOIN', 'LEFT', 'ON', 'USING',
  'UNION', 'ALL', 'DISTINCT', 'AS', 'AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'BETWEEN', 'LIKE', 'CASE', 'WHEN', 'THEN', 'ELSE',
  'END', 'CAST', 'WITH', 'EXISTS', '(', ')', ',', '*', '+', '-', '/', '//', '%', '=', '<>', '<', '>=', '::', '.', '?', '$1',
  '1', '2.5', '1e3', "'x'", "'2024-01-02'", 't', 'u', 'v', 'a', 'b', 'c', 'd', 's', 'id', 'k', 'name', 'count', 'sum', 'avg',
  'min', 'max', 'median', 'abs', 'round', 'coalesce', 'INTEGER', 'VARCHAR', 'DATE', 'INSERT', 'INTO', 'VALUES', 'DELETE',
  'CREATE', 'TABLE', 'DROP', 'EXPLAIN', ';', "'data/x.parquet'", 'read_csv'];

function check(sql: string, params?: unknown[]): void {
  try {
    sourcesOf(sql);
    bind(sql, fakeCatalog(), params);
  } catch (e) {
    if (!(e instanceof SqlError)) throw new Error(`${sql}\n=> ${(e as Error).stack}`);
    expect((e as Error).message.length).toBeGreaterThan(0);
  }
}

describe('the front end never crashes', () => {
  test('random token sequences', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 25 }), (tokens) => {
      check(tokens.join(' '), [1, 2]);
    }), { numRuns: 1500, seed: 12 });
  });

  test('corpus queries with a token deleted, duplicated or swapped', () => {
    fc.assert(fc.property(fc.constantFrom(...SQL_CORPUS), fc.nat(), fc.constantFrom('delete', 'dup', 'swap'), (sql, at, how) => {
      const parts = sql.split(' ');
      const i = at % parts.length;
      if (how === 'delete') parts.splice(i, 1);
      else if (how === 'dup') parts.splice(i, 0, parts[i]);
      else [parts[i], parts[(i + 1) % parts.length]] = [parts[(i + 1) % parts.length], parts[i]];
      check(parts.join(' '), [1, 2]);
    }), { numRuns: 1500, seed: 7 });
  });
});
