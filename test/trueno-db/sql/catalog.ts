/** A fake Catalog for the front-end tests: a few tables and files with fixed schemas. */
import type { Catalog, SourceRef } from '../../../lib/trueno-db/plan/ir';
import type { Schema, SqlType } from '../../../lib/trueno-db/types';

const I: SqlType = { id: 'integer' };
const B: SqlType = { id: 'bigint' };
const D: SqlType = { id: 'double' };
const V: SqlType = { id: 'varchar' };
const TI: SqlType = { id: 'tinyint' };
const F: SqlType = { id: 'float' };
const DT: SqlType = { id: 'date' };
const TS: SqlType = { id: 'timestamp' };
const BO: SqlType = { id: 'boolean' };
const DE: SqlType = { id: 'decimal', precision: 10, scale: 2 };

function schema(cols: [string, SqlType][]): Schema {
  return { names: cols.map((c) => c[0]), types: cols.map((c) => c[1]) };
}

/** Tables t, u, v, w(all types), events; files data/x.parquet, data/x.csv, tables/events (delta). */
export const SCHEMAS: Record<string, Schema> = {
  'table:t': schema([['a', I], ['b', I], ['c', D], ['d', DT], ['s', V], ['id', I], ['k', I]]),
  'table:u': schema([['id', I], ['b', I], ['k', I], ['name', V]]),
  'table:v': schema([['id', I], ['c', D]]),
  'table:w': schema([['i', I], ['bi', B], ['ti', TI], ['f', F], ['d', D], ['v', V], ['dt', DT], ['ts', TS], ['bo', BO], ['de', DE],
    ['vec', { id: 'list', child: F, size: 3 }]]),
  'table:Quoted Table': schema([['quoted col', I]]),
  'parquet:data/x.parquet': schema([['a', I], ['s', V]]),
  'csv:data/x.csv': schema([['a', B], ['s', V]]),
  'delta:tables/events': schema([['ts', TS], ['kind', V]]),
};

/** The fake catalog over SCHEMAS; `resolved` records what was asked. */
export function fakeCatalog(): Catalog & { resolved: SourceRef[] } {
  const resolved: SourceRef[] = [];
  return {
    resolved,
    resolve(source: SourceRef): Schema | undefined {
      resolved.push(source);
      const id = source.kind === 'table' ? `table:${source.name}` : `${source.format}:${source.path}`;
      return SCHEMAS[id];
    },
  };
}
