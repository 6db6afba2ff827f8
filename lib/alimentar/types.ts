/** Column type names used by the CSV schema override, `cast` and `map`, and their Arrow types. */
import {
  Bool, DataType, util, Float32, Float64, Int16, Int32, Int64, Int8, Type, Uint16, Uint32, Uint64, Uint8, Utf8,
} from 'apache-arrow';
import { describe, typeError } from './errors';

/** A column type by name. */
export type ColumnType =
  | 'bool' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'float32' | 'float64' | 'utf8';

/** Every column type name. */
export const COLUMN_TYPES: readonly ColumnType[] = [
  'bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64', 'utf8',
];

const MAKERS: Record<ColumnType, () => DataType> = {
  bool: () => new Bool(), int8: () => new Int8(), int16: () => new Int16(), int32: () => new Int32(), int64: () => new Int64(),
  uint8: () => new Uint8(), uint16: () => new Uint16(), uint32: () => new Uint32(), uint64: () => new Uint64(),
  float32: () => new Float32(), float64: () => new Float64(), utf8: () => new Utf8(),
};

/**
 * The Arrow type for a type name, or the Arrow type itself.
 * @param type - a name such as 'float64', or an apache-arrow DataType
 * @param name - what the argument is, for the error message
 * @returns the Arrow type
 * @throws TypeError for an unknown name
 * @example toArrowType('float32', 'x') // new Float32()
 */
export function toArrowType(type: unknown, name: string): DataType {
  if (type instanceof DataType) return type;
  if (typeof type === 'string' && (COLUMN_TYPES as readonly string[]).includes(type)) return MAKERS[type as ColumnType]();
  throw typeError(`Expected a column type (${COLUMN_TYPES.join(', ')}) or an apache-arrow DataType for ${name} but received ${describe(type)}`);
}

/** The type name of an Arrow type when it has one, else undefined. */
export function typeNameOf(type: DataType): ColumnType | undefined {
  return COLUMN_TYPES.find((n) => util.compareTypes(MAKERS[n](), type));
}

/** True for Arrow integer and floating-point types. */
export function isNumeric(type: DataType): boolean {
  return type.typeId === Type.Int || type.typeId === Type.Float;
}
