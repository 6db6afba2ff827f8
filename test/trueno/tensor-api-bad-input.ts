/**
 * Bad inputs of the Tensor API functions and methods (comparisons, where, gather, slice, row, get, concat, stack,
 * cumsum, argsort, transpose axes), in the table format of bad-input.test.ts, which runs them.
 */
import * as T from '../../lib/trueno';

const m = T.Tensor.arange(6).reshape([2, 3]);

export const tensorApiBadInputs: Array<[string, () => unknown, ErrorConstructor, RegExp]> = [
  ['compare: non-tensor', () => T.equal('a' as never, 1), TypeError, /Expected a Tensor for equal argument a but received 'a'/],
  ['compare: two numbers', () => T.less(1 as never, 2), TypeError, /Expected at least one Tensor for less arguments/],
  ['compare: shapes', () => m.greater(T.Tensor.zeros([2])), RangeError, /Expected shapes that broadcast together for greater but received \[2, 3\] and \[2\]/],
  ['compare: null', () => m.lessEqual(null as never), TypeError, /lessEqual argument b but received null/],
  ['compare: bigint', () => m.notEqual(1n as never), TypeError, /notEqual argument b/],
  ['compare: method string', () => m.greaterEqual('1' as never), TypeError, /greaterEqual argument b/],
  ['where: cond not a tensor', () => T.where([1, 0] as never, m, m), TypeError, /Expected a Tensor for where argument cond/],
  ['where: a a string', () => T.where(m, 'x' as never, 0), TypeError, /Expected a Tensor for where argument a/],
  ['where: shapes', () => T.where(T.Tensor.zeros([4], 'bool'), m, 0), RangeError, /Expected shapes that broadcast together for where but received \[4\], \[2, 3\] and \[\]/],
  ['gather: float indices', () => m.gather(T.Tensor.from([0.5])), TypeError, /Expected an int32, int64 or uint8 tensor .* for gather argument indices but received float64/],
  ['gather: index out of range', () => m.gather([2]), RangeError, /Expected an integer in \[-2, 1\] for gather indices\[0\] but received 2/],
  ['gather: NaN index', () => m.gather([NaN]), RangeError, /gather indices\[0\] but received NaN/],
  ['gather: non-integer index', () => m.gather([0.5]), RangeError, /gather indices\[0\] but received 0.5/],
  ['gather: int64 index out of range', () => m.gather(T.Tensor.from(BigInt64Array.from([2n ** 40n]))), RangeError, /gather indices\[0\] but received 1099511627776/],
  ['gather: axis out of range', () => m.gather([0], { axis: 2 }), RangeError, /Expected an axis in \[-2, 1\] for gather options.axis but received 2/],
  ['gather: 0-d', () => T.gather(T.Tensor.from(1), [0]), RangeError, /at least one dimension for gather argument x/],
  ['gather: indices a string', () => m.gather('0' as never), TypeError, /Expected a Tensor for gather argument indices/],
  ['gather: options', () => m.gather([0], 3 as never), TypeError, /Expected an options object for gather options but received 3/],
  ['slice: too many specs', () => m.slice(0, 0, 0), RangeError, /Expected at most 2 slice specs for a tensor of shape \[2, 3\] but received 3/],
  ['slice: index out of range', () => m.slice(5), RangeError, /Expected an integer in \[-2, 1\] for slice index of axis 0 but received 5/],
  ['slice: zero step', () => m.slice([0, 2, 0]), RangeError, /Expected a non-zero step for slice axis 0 but received 0/],
  ['slice: non-integer start', () => m.slice([0.5]), RangeError, /Expected an integer for slice start of axis 0 but received 0.5/],
  ['slice: NaN stop', () => m.slice([0, NaN]), RangeError, /slice stop of axis 0 but received NaN/],
  ['slice: string spec', () => m.slice('1:2' as never), TypeError, /Expected a number, null or \[start, stop, step\] for slice axis 0 but received '1:2'/],
  ['slice: string in range', () => m.slice(['1' as never]), TypeError, /Expected an integer or null for slice start of axis 0 but received '1'/],
  ['row: out of range', () => m.row(2), RangeError, /Expected an integer in \[-2, 1\] for row index but received 2/],
  ['row: 0-d', () => T.row(T.Tensor.from(1), 0), RangeError, /at least one dimension for row argument x/],
  ['row: string', () => m.row('0' as never), TypeError, /Expected an integer for row index but received '0'/],
  ['get: too few indices', () => m.get(1), RangeError, /Expected 2 indices \(one per axis of \[2, 3\]\) for get but received 1/],
  ['get: out of range', () => m.get(0, -4), RangeError, /Expected an integer in \[-3, 2\] for get index 1 but received -4/],
  ['get: non-tensor', () => T.get({} as never, 0), TypeError, /Expected a Tensor for get argument x but received an object/],
  ['concat: not an array', () => T.concat(m as never), TypeError, /Expected an array of tensors for concat tensors but received a Tensor/],
  ['concat: empty', () => T.concat([]), RangeError, /Expected at least one tensor for concat tensors but received an empty array/],
  ['concat: element not a tensor', () => T.concat([m, 1 as never]), TypeError, /Expected a Tensor for concat tensors\[1\] but received 1/],
  ['concat: shapes', () => m.concat(T.Tensor.zeros([2, 2])), RangeError, /Expected shapes equal off axis 0 for concat but received \[2, 3\] and \[2, 2\] \(tensors\[1\]\)/],
  ['concat: ranks', () => m.concat(T.Tensor.zeros([3])), RangeError, /Expected shapes equal off axis 0 for concat/],
  ['concat: 0-d', () => T.concat([T.Tensor.from(1)]), RangeError, /at least one dimension for concat/],
  ['concat: axis', () => m.concat(m, { axis: 2 }), RangeError, /Expected an axis in \[-2, 1\] for concat options.axis but received 2/],
  ['stack: shapes', () => T.stack([m, m.T]), RangeError, /Expected tensors of one shape for stack but received \[2, 3\] and \[3, 2\] \(tensors\[1\]\)/],
  ['stack: axis', () => T.stack([m], { axis: 3 }), RangeError, /Expected an axis in \[-3, 2\] for stack options.axis but received 3/],
  ['stack: non-integer axis', () => T.stack([m], { axis: 0.5 }), RangeError, /stack options.axis but received 0.5/],
  ['cumsum: axis', () => m.cumsum({ axis: -3 }), RangeError, /Expected an axis in \[-2, 1\] for cumsum options.axis but received -3/],
  ['cumsum: string axis', () => m.cumsum({ axis: '0' as never }), TypeError, /Expected an integer for cumsum options.axis but received '0'/],
  ['cumsum: 0-d with axis', () => T.cumsum(T.Tensor.from(1), { axis: 0 }), RangeError, /at least one dimension for cumsum options.axis/],
  ['cumsum: non-tensor', () => T.cumsum([1, 2] as never), TypeError, /Expected a Tensor for cumsum argument x but received \[1, 2\]/],
  ['argsort: 0-d', () => T.argsort(T.Tensor.from(1)), RangeError, /at least one dimension for argsort argument x/],
  ['argsort: axis', () => m.argsort({ axis: 2 }), RangeError, /Expected an axis in \[-2, 1\] for argsort options.axis but received 2/],
  ['argsort: NaN axis', () => m.argsort({ axis: NaN }), RangeError, /argsort options.axis but received NaN/],
  ['transpose: axes not an array', () => m.transpose(1 as never), TypeError, /Expected a permutation of the 2 axes for transpose axes but received 1/],
  ['transpose: wrong length', () => m.transpose([0]), RangeError, /Expected a permutation of the 2 axes for transpose axes but received \[0\]/],
  ['transpose: axis out of range', () => m.transpose([0, 2]), RangeError, /Expected an axis in \[-2, 1\] for transpose axes\[1\] but received 2/],
  ['method on a detached tensor', () => {
    const buffer = new ArrayBuffer(16);
    const t = T.Tensor.from(new Float64Array(buffer), [2]);
    structuredClone(buffer, { transfer: [buffer] });
    return t.greater(0);
  }, Error, /ArrayBuffer was transferred, detached or resized/],
];
