/**
 * Partition values: the log's text (PROTOCOL.md "Partition Value Serialization") parsed into each type and written
 * back, Hive folder names, and the constant columns a reader builds from them.
 */
import { Bool, DateDay, Decimal, Float64, Int16, Int64, Int8, makeVector, TimestampMicrosecond, Utf8, type DataType } from 'apache-arrow';
import { CorruptTableError } from '../../../lib/trueno-db/errors';
import { constantColumn, formatPartitionValue, parsePartitionValue, partitionSegment, rawValue } from '../../../lib/trueno-db/delta/partition';

/** Parses `text` as `type`, builds a 3-row constant column of it, and formats row 1 back. */
function roundTrip(text: string | null, type: DataType): string | null {
  const value = parsePartitionValue(text, type, 'c', 'log.json');
  const column = makeVector(constantColumn(type, value, 3));
  expect(column.length).toBe(3);
  return formatPartitionValue(rawValue(column, 1), type);
}

describe('partition values', () => {
  it.each([
    ['hello wörld', new Utf8()],
    ['-128', new Int8()],
    ['32767', new Int16()],
    ['-9007199254740993', new Int64()],
    ['2.5', new Float64()],
    ['-0.125', new Float64()],
    ['true', new Bool()],
    ['false', new Bool()],
    ['1969-12-31', new DateDay()],
    ['2024-02-29', new DateDay()],
    ['2021-03-04 05:06:07.123456', new TimestampMicrosecond('UTC')],
    ['1969-12-31 23:59:59.999999', new TimestampMicrosecond('UTC')],
    ['-12.05', new Decimal(2, 10, 128)],
    ['12345678901234567890.5', new Decimal(1, 38, 128)],
    ['0.00', new Decimal(2, 5, 128)],
  ])('%s as %s reads and writes back unchanged', (text, type) => {
    expect(roundTrip(text, type)).toBe(text);
  });

  it('NULL (null or empty text) gives an all-NULL column of any type', () => {
    for (const type of [new Utf8(), new Int64(), new DateDay(), new Decimal(2, 10, 128), new Bool()]) {
      expect(roundTrip(null, type)).toBeNull();
      expect(roundTrip('', type)).toBeNull();
      expect(makeVector(constantColumn(type, null, 4)).nullCount).toBe(4);
    }
  });

  it('other spellings of the same value: ISO timestamps with a zone, decimals with fewer digits', () => {
    expect(roundTrip('2021-03-04T05:06:07Z', new TimestampMicrosecond('UTC'))).toBe('2021-03-04 05:06:07.000000');
    expect(roundTrip('2021-03-04T07:06:07+02:00', new TimestampMicrosecond('UTC'))).toBe('2021-03-04 05:06:07.000000');
    expect(roundTrip('12.5', new Decimal(2, 10, 128))).toBe('12.50');
    expect(roundTrip('7', new Decimal(0, 10, 128))).toBe('7');
  });

  it.each([
    ['12x', new Int64()],
    ['128', new Int8()],
    ['yes', new Bool()],
    ['2021-13-45', new DateDay()],
    ['2021-02-29', new DateDay()],
    ['2021-01-01 24:00:00', new TimestampMicrosecond('UTC')],
    ['noon', new TimestampMicrosecond('UTC')],
    ['1.234', new Decimal(2, 10, 128)],
    ['abc', new Float64()],
  ])('%s is not a %s: CorruptTableError naming the log file and column', (text, type) => {
    expect(() => parsePartitionValue(text, type, 'col', '_delta_log/00000000000000000003.json')).toThrow(CorruptTableError);
    expect(() => parsePartitionValue(text, type, 'col', '_delta_log/00000000000000000003.json')).toThrow(/'col'.*00000000000000000003\.json/);
  });

  it('Hive folder names escape what Hive escapes and name NULL __HIVE_DEFAULT_PARTITION__', () => {
    expect(partitionSegment('k', 'a/b=c%d e')).toBe('k=a%2Fb%3Dc%25d e');
    expect(partitionSegment('k', null)).toBe('k=__HIVE_DEFAULT_PARTITION__');
    expect(partitionSegment('year', '2020')).toBe('year=2020');
  });
});
