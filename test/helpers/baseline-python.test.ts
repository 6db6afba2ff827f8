import { interopMode } from './baseline-python';

describe('interop tests and the baseline Python', () => {
  it('run whenever the Python is there', () => {
    expect(interopMode({}, true)).toBe('run');
    expect(interopMode({ CI: 'true' }, true)).toBe('run');
  });

  it('fail in CI when it is missing, instead of skipping', () => {
    expect(interopMode({ CI: 'true' }, false)).toBe('fail');
    expect(interopMode({ CI: '1' }, false)).toBe('fail');
  });

  it('fail when SOVEREIGN_PYTHON names a Python that is missing (as .ci/run sets it)', () => {
    expect(interopMode({ SOVEREIGN_PYTHON: '/nowhere/python' }, false)).toBe('fail');
  });

  it('skip outside CI when no Python was asked for', () => {
    expect(interopMode({}, false)).toBe('skip');
    expect(interopMode({ CI: 'false' }, false)).toBe('skip');
    expect(interopMode({ CI: '' }, false)).toBe('skip');
  });
});
