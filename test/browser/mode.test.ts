/** Without Chromium the browser suite fails in CI (it must not pass having checked nothing) and skips elsewhere. */
import { browserMode } from './site';

test('run with Chromium; without it, fail in CI and skip elsewhere', () => {
  expect(browserMode({}, true)).toBe('run');
  expect(browserMode({ CI: 'true' }, true)).toBe('run');
  expect(browserMode({ CI: 'true' }, false)).toBe('fail');
  expect(browserMode({ CI: '1' }, false)).toBe('fail');
  expect(browserMode({}, false)).toBe('skip');
  expect(browserMode({ CI: 'false' }, false)).toBe('skip');
  expect(browserMode({ CI: '0' }, false)).toBe('skip');
});
