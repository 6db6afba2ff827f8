/**
 * alimentar's public surface as a user meets it: internal helpers are not exported, and every public class, method
 * and function has a TSDoc @example (as trueno's functions have), found by the compiler so a new one cannot skip it.
 */
import * as alimentar from '../../lib/alimentar';
import { missingExamples } from '../helpers/missing-examples';

describe('alimentar public API', () => {
  it('does not export internal helpers', () => {
    for (const name of ['rangeError', 'typeError', 'describe', 'inspectFile', 'argumentError']) expect(Object.keys(alimentar)).not.toContain(name);
    expect(Object.keys(alimentar)).toEqual(expect.arrayContaining(['ArrowDataset', 'DataLoader', 'samplePath', 'ColumnError', 'AlimentarError']));
  });

  it('gives every public class, method and function an @example', () => {
    expect(missingExamples('alimentar')).toEqual([]);
  }, 60_000);

  it('samplePath names the shipped samples, and refuses others', () => {
    expect(alimentar.samplePath('iris.parquet')).toMatch(/samples[/\\]iris\.parquet$/);
    expect(() => alimentar.samplePath('nope.csv')).toThrow(expect.objectContaining({ code: 'ERR_ALIMENTAR_NOT_FOUND', message: expect.stringMatching(/Expected one of .*iris\.parquet.* but received 'nope\.csv'/) }));
    expect(() => alimentar.samplePath(3 as never)).toThrow(TypeError);
  });

  it('toRows gives int64 as numbers (JSON-safe), BigInt on request, and refuses unknown options', async () => {
    const iris = await alimentar.ArrowDataset.open(alimentar.samplePath('iris.csv'));
    expect(iris.schema.fields.find((f) => f.name === 'target')!.type.toString()).toBe('Int64');
    expect(JSON.parse(JSON.stringify(iris.head(1).toRows()))[0].target).toBe(0);
    expect(iris.head(1).toRows({ bigint: true })[0].target).toBe(0n);
    expect(() => iris.toRows({ bigInt: true } as never)).toThrow(/Expected one of bigint for toRows options but received 'bigInt'/);
  });
});
