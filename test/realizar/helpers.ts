/** Shared fixtures of the realizar tests: small fitted models and a JSON client. */
import { LogisticRegression, RandomForestClassifier, LinearRegression } from '../../lib/aprender/index';
import { serve, type Server, type ServeOptions } from '../../lib/realizar/index';

/** Iris-like: 3 classes, 4 features, 60 rows, deterministic. */
export function irisLike(): { X: number[][]; y: number[] } {
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 60; i++) {
    const c = i % 3;
    const j = (i * 7919) % 13;
    X.push([4.5 + c + j * 0.05, 3 + (c === 1 ? 0.5 : 0) + j * 0.02, 1 + c * 2 + j * 0.03, 0.2 + c * 0.8 + j * 0.01]);
    y.push(c);
  }
  return { X, y };
}

/** A fitted logistic regression on irisLike. */
export function logistic(): LogisticRegression {
  const { X, y } = irisLike();
  return new LogisticRegression({ maxIter: 200 }).fit(X, y);
}

/** A fitted small forest on irisLike. */
export function forest(): RandomForestClassifier {
  const { X, y } = irisLike();
  return new RandomForestClassifier({ nEstimators: 10, randomState: 0 }).fit(X, y);
}

/** A fitted linear regression (2 features). */
export function linear(): LinearRegression {
  return new LinearRegression().fit([[0, 1], [1, 0], [2, 2], [3, 1], [4, 5]], [1, 1, 4, 4, 9]);
}

/** Options every test server takes: port 0, a small pool. */
export const TEST_OPTIONS: Partial<ServeOptions> = { host: '127.0.0.1', port: 0, predictThreads: 1, processMetrics: false };

/** A server for a test, closed by the caller. */
export function start(options: ServeOptions): Promise<Server> {
  return serve({ ...TEST_OPTIONS, ...options });
}

/** A response's status, headers and body (parsed when it is JSON, else its text). */
async function answer(r: Response): Promise<{ status: number; headers: Headers; body: any }> {
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the text
  }
  return { status: r.status, headers: r.headers, body: parsed };
}

/**
 * The deadline of one test request: a request the server never answers fails as itself (a TimeoutError), long before
 * the test's own timeout would hide which one it was.
 */
export function requestDeadline(): AbortSignal {
  return AbortSignal.timeout(30_000);
}

/** A JSON POST; answers status, headers and the parsed body. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
  return answer(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body), signal: requestDeadline() }));
}

/** A GET with the parsed body. */
export async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
  return answer(await fetch(url, { headers, signal: requestDeadline() }));
}
