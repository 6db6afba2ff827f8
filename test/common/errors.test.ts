import { argumentErrors, SovereignError } from '../../lib/common/errors';
import { validators } from '../../lib/common/validate';
import { AlimentarError, NotFoundError, typeError as alimentarTypeError } from '../../lib/alimentar/errors';
import * as alimentarChecks from '../../lib/alimentar/validate';
import { TruenoError, rangeError as truenoRangeError } from '../../lib/trueno/errors';
import * as truenoChecks from '../../lib/trueno/validate';

describe('one base error class', () => {
  it('carries .code, cause, its class name and a stack', () => {
    const cause = new Error('disk');
    const e = new SovereignError('it failed', 'ERR_X', { cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ code: 'ERR_X', cause, name: 'SovereignError', message: 'it failed' });
    expect(e.stack).toMatch(/it failed/);
    expect('cause' in new SovereignError('no cause', 'ERR_X')).toBe(false);
  });

  it('is the base of every part\'s errors', () => {
    const t = new TruenoError('no backend', 'ERR_TRUENO_NO_BACKEND', { cause: 1 });
    expect(t).toBeInstanceOf(SovereignError);
    expect(t).toMatchObject({ name: 'TruenoError', code: 'ERR_TRUENO_NO_BACKEND', cause: 1 });
    const a = new NotFoundError('missing');
    expect(a).toBeInstanceOf(AlimentarError);
    expect(a).toBeInstanceOf(SovereignError);
    expect(a).toMatchObject({ name: 'NotFoundError', code: 'ERR_ALIMENTAR_NOT_FOUND' });
  });

  it('argument errors are the built-in TypeError / RangeError with the part\'s code', () => {
    const { typeError, rangeError, typeCode, rangeCode } = argumentErrors('DB');
    expect([typeCode, rangeCode]).toEqual(['ERR_DB_TYPE', 'ERR_DB_RANGE']);
    expect(typeError('m')).toBeInstanceOf(TypeError);
    expect(rangeError('m')).toMatchObject({ code: 'ERR_DB_RANGE', message: 'm' });
    expect(rangeError('m')).toBeInstanceOf(RangeError);
    expect(alimentarTypeError('m').code).toBe('ERR_ALIMENTAR_TYPE');
    expect(truenoRangeError('m').code).toBe('ERR_TRUENO_RANGE');
  });
});

describe('one set of argument checks', () => {
  const v = validators('DB');
  const fails = (fn: () => unknown, type: typeof TypeError | typeof RangeError, message: RegExp, code: string) => {
    let thrown: unknown;
    try {
      fn();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(type);
    expect(thrown).toMatchObject({ code, message: expect.stringMatching(message) });
  };

  it('say what they expected, for what, and what they received', () => {
    fails(() => v.expectOptions(null, 'open options', {}), TypeError, /^Expected an options object for open options but received null$/, 'ERR_DB_TYPE');
    fails(() => v.expectOptions([1], 'o', {}), TypeError, /received \[1\]/, 'ERR_DB_TYPE');
    fails(() => v.expectInteger('3', 'k'), TypeError, /^Expected an integer for k but received '3'$/, 'ERR_DB_TYPE');
    fails(() => v.expectInteger(2.5, 'k', 0, 9), RangeError, /^Expected an integer in \[0, 9\] for k but received 2.5$/, 'ERR_DB_RANGE');
    fails(() => v.expectInteger(10, 'k', 0, 9), RangeError, /received 10/, 'ERR_DB_RANGE');
    fails(() => v.expectCount(1.5, 'n'), TypeError, /^Expected an integer for n but received 1.5$/, 'ERR_DB_TYPE');
    fails(() => v.expectCount(0, 'n', 1), RangeError, /^Expected an integer >= 1 for n but received 0$/, 'ERR_DB_RANGE');
    fails(() => v.expectNumber(1n, 'x'), TypeError, /received bigint 1/, 'ERR_DB_TYPE');
    fails(() => v.expectFinite(NaN, 'x'), RangeError, /^Expected a finite number for x but received NaN$/, 'ERR_DB_RANGE');
    fails(() => v.expectFinite(-Infinity, 'x'), RangeError, /received -Infinity/, 'ERR_DB_RANGE');
    fails(() => v.expectFraction(1, 'f'), RangeError, /in \(0, 1\)/, 'ERR_DB_RANGE');
    fails(() => v.expectFraction(NaN, 'f'), TypeError, /Expected a number/, 'ERR_DB_TYPE');
    fails(() => v.expectBoolean(0, 'b'), TypeError, /^Expected a boolean for b but received 0$/, 'ERR_DB_TYPE');
    fails(() => v.expectString('', 's'), TypeError, /non-empty string for s but received ''/, 'ERR_DB_TYPE');
    fails(() => v.expectStrings(['a', 3], 'cols'), TypeError, /for cols\[1\] but received 3/, 'ERR_DB_TYPE');
    fails(() => v.expectStrings('a', 'cols'), TypeError, /array of column names/, 'ERR_DB_TYPE');
    fails(() => v.expectOneOf('c', ['a', 'b'], 'mode'), TypeError, /^Expected one of 'a', 'b' for mode but received 'c'$/, 'ERR_DB_TYPE');
    fails(() => v.expectFunction({}, 'cb'), TypeError, /^Expected a function for cb but received an object$/, 'ERR_DB_TYPE');
  });

  it('return the value when it is right', () => {
    expect(v.expectOptions(undefined, 'o', {})).toEqual({});
    expect(v.expectOptions<{ a?: number }>({ a: 1 }, 'o', { a: true })).toEqual({ a: 1 });
    fails(() => v.expectOptions<{ a?: number }>({ b: 1 }, 'f options', { a: true }), TypeError, /^Expected one of a for f options but received 'b'$/, 'ERR_DB_TYPE');
    expect(v.expectRecord({ anyKey: 1 }, 'm')).toEqual({ anyKey: 1 });
    expect(v.expectInteger(-2, 'k', -5, 5)).toBe(-2);
    expect(v.expectCount(0, 'n')).toBe(0);
    expect(v.expectNumber(NaN, 'x')).toBeNaN();
    expect(v.expectFinite(-0.5, 'x')).toBe(-0.5);
    expect(v.expectFraction(0.25, 'f')).toBe(0.25);
    expect(v.expectBoolean(false, 'b')).toBe(false);
    expect(v.expectStrings(['a'], 'c')).toEqual(['a']);
    expect(v.expectOneOf('b', ['a', 'b'], 'm')).toBe('b');
  });

  it('are the ones trueno and alimentar use, with their own codes', () => {
    fails(() => truenoChecks.expectOptions(3, 'o', {}), TypeError, /options object/, 'ERR_TRUENO_TYPE');
    fails(() => truenoChecks.expectInteger(-1, 'axis'), RangeError, /integer in \[0/, 'ERR_TRUENO_RANGE');
    fails(() => alimentarChecks.expectOptions(3, 'o', {}), TypeError, /options object/, 'ERR_ALIMENTAR_TYPE');
    fails(() => alimentarChecks.expectCount(-1, 'n'), RangeError, />= 0/, 'ERR_ALIMENTAR_RANGE');
  });
});
