import * as path from 'node:path';
import { Float64, Int32, Table, Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import { ArrowDataset, ColumnError } from '../../lib/alimentar';
import { Tensor } from '../../lib/trueno/tensor';
import { DATA } from './helpers';

describe('tensors', () => {
  it('toVector shares the memory of a contiguous non-null column of the same type', () => {
    const x = new Float64Array([1, 2, 3]);
    const ds = ArrowDataset.fromTable(new Table({ x: makeVector(x) }));
    const t = ds.toVector('x');
    expect(t).toBeInstanceOf(Tensor);
    expect(t.shape).toEqual([3]);
    expect(t.data.buffer).toBe(ds.column('x').data[0].values.buffer);
    const f = ArrowDataset.fromTable(new Table({ f: makeVector(new Float32Array([1, 2])) })).toVector('f');
    expect(f.dtype).toBe('float32');
  });

  it('toVector converts int64 and other types into a new buffer', async () => {
    const iris = await ArrowDataset.open(path.join(DATA, 'iris.parquet'));
    const y = iris.toVector('target', 'int32');
    expect(y.dtype).toBe('int32');
    expect(Array.from((y.data as Int32Array).slice(48, 52))).toEqual([0, 0, 1, 1]);
    expect(iris.toVector('target').dtype).toBe('float64');
  });

  it('toMatrix is row-major [rows, columns] and matches the rows', async () => {
    const iris = await ArrowDataset.open(path.join(DATA, 'iris.parquet'));
    const cols = ['sepal_length_cm', 'petal_width_cm'];
    const m = iris.toMatrix(cols, 'float32');
    expect(m.shape).toEqual([150, 2]);
    expect(m.dtype).toBe('float32');
    expect(Array.from((m.data as Float32Array).slice(0, 4))).toEqual([5.1, 0.2, 4.9, 0.2].map(Math.fround));
    expect(iris.toMatrix().shape).toEqual([150, 5]);
    expect(iris.shuffle(1).toMatrix(cols).data[0]).toBe(iris.shuffle(1).toRows()[0].sepal_length_cm);
  });

  it('names the column for nulls or non-numeric data', () => {
    const ds = ArrowDataset.fromTable(new Table({
      a: vectorFromArray([1, null], new Float64()), s: vectorFromArray(['x', 'y'], new Utf8()), i: vectorFromArray([1, 2], new Int32()),
    }));
    expect(() => ds.toVector('a')).toThrow(ColumnError);
    expect(() => ds.toVector('a')).toThrow("Expected a column without nulls for 'a' but it has 1 null(s); use fillNull first");
    expect(() => ds.toMatrix(['i', 's'])).toThrow("Expected a numeric column for 's' but received Utf8");
    expect(ds.fillNull({ a: 0 }).toMatrix(['a', 'i'], 'int32').data).toEqual(new Int32Array([1, 1, 0, 2]));
    expect(() => ds.toMatrix(['a'], 'int8' as never)).toThrow(TypeError);
  });
});
