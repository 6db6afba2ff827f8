/** Type names in the AST (CAST targets, CREATE TABLE columns) to SqlTypes. */
import type { SqlType } from '../types';
import { SqlBindError, UnsupportedSqlError, type SqlPosition } from '../errors';
import type { BindContext } from './context';
import type { Node } from './parse';
import { parseTypeName } from './typing';

/**
 * The SqlType of a node-sql-parser data type (`{dataType, length, scale, array}`); `INT[3]` is a fixed-size list.
 * @throws SqlBindError for an unknown type name, UnsupportedSqlError for nested lists
 */
export function castType(def: Node, _ctx: BindContext | undefined, position?: SqlPosition): SqlType {
  const name = String(def?.dataType ?? '');
  const params = [def?.length, def?.scale].filter((x) => typeof x === 'number') as number[];
  const base = parseTypeName(name, /^(decimal|numeric)$/i.test(name) ? params : []);
  if (base === undefined) {
    throw new SqlBindError(`unknown or unsupported type ${name}${params.length ? `(${params.join(',')})` : ''} (supported: BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), VARCHAR, DATE, TIMESTAMP and fixed-size lists T[n])`, position);
  }
  const array = def?.array;
  if (array) {
    if ((array.dimension ?? 1) > 1) throw new UnsupportedSqlError('nested list types', position);
    const size = array.length?.[0]?.value;
    return size === undefined || size === null ? { id: 'list', child: base } : { id: 'list', child: base, size: Number(size) };
  }
  return base;
}
