/**
 * The fastify application under every route: JSON errors with a stable code (never a stack or a path), 404 and 405
 * (with Allow) for unknown paths and methods, 415 for other bodies, Bearer API keys compared in constant time, CORS
 * only when configured, and the request metrics.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type RouteOptions } from 'fastify';
import { HttpError, type HttpErrorCode } from './errors';
import { scanPredictBody } from './json-rows';
import type { ServerMetrics } from './metrics';
import type { ResolvedOptions } from './options';

/** The Arrow IPC stream media type. */
export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';

/** Routes open without an API key: liveness and readiness probes. */
const PUBLIC = new Set(['/health', '/ready', '/v2/health/live', '/v2/health/ready']);

/** The body of an error answer. */
export function errorBody(code: string, message: string, field?: string): { error: { code: string; message: string; field?: string } } {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

/** The Open Inference Protocol's error body: `error` is the message; realizar's code (and field) ride beside it. */
export function v2ErrorBody(code: string, message: string, field?: string): { error: string; code: string; field?: string } {
  return field === undefined ? { error: message, code } : { error: message, code, field };
}

/** Sends an HttpError (in the protocol's shape on its /v2 routes). */
export function sendError(reply: FastifyReply, e: HttpError): FastifyReply {
  if (e.retryAfter !== undefined) void reply.header('retry-after', String(e.retryAfter));
  const v2 = reply.request.url.startsWith('/v2');
  return reply.code(e.status).type('application/json').send(v2 ? v2ErrorBody(e.code, e.message, e.field) : errorBody(e.code, e.message, e.field));
}

/** Fastify's own errors, as realizar's codes. */
function fromFastify(e: FastifyError): HttpError {
  if (e.validation !== undefined) {
    const v = e.validation[0];
    const field = `${e.validationContext ?? 'body'}${v?.instancePath?.replace(/\//g, '.') ?? ''}`;
    return new HttpError('ERR_REALIZAR_INVALID_INPUT', `Expected ${field} ${v?.message ?? 'to match the schema'}`, { field });
  }
  const map: Record<string, [HttpErrorCode, string]> = {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: ['ERR_REALIZAR_UNSUPPORTED_MEDIA_TYPE', `Expected a body of type application/json or ${ARROW_STREAM}`],
    FST_ERR_CTP_BODY_TOO_LARGE: ['ERR_REALIZAR_BODY_TOO_LARGE', 'Expected a smaller body: it is larger than the limit'],
    FST_ERR_CTP_EMPTY_JSON_BODY: ['ERR_REALIZAR_BAD_REQUEST', 'Expected a JSON body but received an empty one'],
    FST_ERR_CTP_INVALID_JSON_BODY: ['ERR_REALIZAR_BAD_REQUEST', 'Expected a JSON body but it does not parse'],
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['ERR_REALIZAR_BAD_REQUEST', 'Expected a Content-Length that matches the body'],
  };
  const known = e.code !== undefined ? map[e.code] : undefined;
  if (known !== undefined) return new HttpError(known[0], known[1]);
  if (e instanceof SyntaxError || e.statusCode === 400) return new HttpError('ERR_REALIZAR_BAD_REQUEST', 'Expected a well-formed request: the body does not parse');
  if (e.statusCode === 413) return new HttpError('ERR_REALIZAR_BODY_TOO_LARGE', 'Expected a smaller body: it is larger than the limit');
  if (e.statusCode === 415) return new HttpError('ERR_REALIZAR_UNSUPPORTED_MEDIA_TYPE', `Expected a body of type application/json or ${ARROW_STREAM}`);
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) return new HttpError('ERR_REALIZAR_BAD_REQUEST', 'Expected a well-formed request');
  return new HttpError('ERR_REALIZAR_INTERNAL', 'Internal error');
}

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest();

/**
 * A check of a Bearer token against the keys: every key is compared (digests of equal length, timingSafeEqual), so
 * neither the time nor an early exit tells which part of a guess was right.
 * @param keys - the accepted keys
 * @returns the check
 */
export function bearerCheck(keys: readonly string[]): (header: string | undefined) => boolean {
  const digests = keys.map((k) => sha(k));
  return (header) => {
    const m = header === undefined ? null : /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
    const given = sha(m === null ? '' : m[1]);
    let ok = false;
    for (const d of digests) ok = timingSafeEqual(d, given) || ok;
    return ok && m !== null;
  };
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/** A fastify application with realizar's error answers, auth, CORS and metrics. */
export interface App {
  app: FastifyInstance;
  /**
   * Adds a path's routes; its other methods answer 405 with Allow.
   * @param url - the path
   * @param routes - the handlers by method
   */
  path(url: string, routes: Partial<Record<(typeof METHODS)[number], Omit<RouteOptions, 'method' | 'url'>>>): void;
}

/**
 * Creates the application.
 * @param o - the resolved options
 * @param metrics - the server's metrics
 * @returns the application and its path helper
 */
export async function createApp(o: ResolvedOptions, metrics: ServerMetrics): Promise<App> {
  const app = Fastify({
    logger: o.logger,
    bodyLimit: o.bodyLimit,
    requestTimeout: o.timeoutMs + 5_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  // JSON and Arrow only: fastify's text/plain parser would hand a string to the routes
  app.removeContentTypeParser('text/plain');
  // A predict route's usual body is read straight into rows (json-rows.ts); every other JSON body, and a predict
  // body of any other shape, goes through fastify's own parser (prototype poisoning refused).
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: o.bodyLimit }, (req, body, done) => {
    const scanned = (req.routeOptions.config as { predictRows?: boolean }).predictRows === true ? scanPredictBody(body as Buffer, o.maxRows) : null;
    if (scanned !== null) done(null, scanned);
    else json(req, (body as Buffer).toString('utf8'), done);
  });
  app.addContentTypeParser(ARROW_STREAM, { parseAs: 'buffer', bodyLimit: o.bodyLimit }, (_req, body, done) => done(null, body));
  app.setErrorHandler((e: FastifyError, req, reply) => {
    const err = e instanceof HttpError ? e : fromFastify(e);
    if (err.code === 'ERR_REALIZAR_INTERNAL') req.log.error(e);
    return sendError(reply, err);
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, new HttpError('ERR_REALIZAR_NOT_FOUND', `Expected one of realizar's routes but received ${req.method} ${req.url.split('?')[0].slice(0, 200)}`)));
  const corsOn = o.cors !== undefined && o.cors !== false;
  if (corsOn) {
    const cors = (await import('@fastify/cors')).default;
    await app.register(cors, { origin: o.cors === true ? true : o.cors, methods: ['GET', 'POST'], allowedHeaders: ['Authorization', 'Content-Type', 'Accept'] });
  }
  if (o.apiKeys !== undefined) {
    const check = bearerCheck(o.apiKeys);
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.method === 'OPTIONS' || PUBLIC.has(req.routeOptions.url ?? '')) return;
      if (!check(req.headers.authorization)) {
        void reply.header('www-authenticate', 'Bearer');
        return sendError(reply, new HttpError('ERR_REALIZAR_UNAUTHORIZED', 'Expected an Authorization header with a valid Bearer API key'));
      }
    });
  }
  app.addHook('onRequest', async (req) => {
    metrics.inFlight.inc();
    (req as unknown as { started: bigint }).started = process.hrtime.bigint();
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.inFlight.dec();
    const route = req.routeOptions.url ?? 'unmatched';
    const seconds = Number(process.hrtime.bigint() - (req as unknown as { started: bigint }).started) / 1e9;
    metrics.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: req.method, route }, seconds);
  });
  const notAllowed = (allow: string) => async (req: FastifyRequest, reply: FastifyReply) => {
    void reply.header('allow', allow);
    return sendError(reply, new HttpError('ERR_REALIZAR_METHOD_NOT_ALLOWED', `Expected ${allow} for ${req.routeOptions.url} but received ${req.method}`));
  };
  return {
    app,
    path(url, routes) {
      const given = Object.keys(routes) as (typeof METHODS)[number][];
      for (const m of given) app.route({ ...routes[m], method: m, url } as RouteOptions);
      const others: string[] = METHODS.filter((m) => !given.includes(m));
      // HEAD comes with GET (fastify adds it); OPTIONS belongs to CORS preflights when CORS is on
      if (!given.includes('GET')) others.push('HEAD');
      if (!corsOn) others.push('OPTIONS');
      const allow = given.includes('GET') ? [...given, 'HEAD'].join(', ') : given.join(', ');
      if (others.length > 0) app.route({ method: others as RouteOptions['method'], url, handler: notAllowed(allow) });
    },
  };
}
