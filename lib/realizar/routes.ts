/**
 * realizar's own routes: /health, /ready, /models, /models/:name, /metrics and the predict routes.
 */
import type { App } from './http';
import { ARROW_STREAM } from './http';
import { predictHandler } from './predict-route';
import type { ServerContext } from './context';

const NAME_PARAMS = { type: 'object', properties: { name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' } } } as const;
// A JSON body is checked by the handler (predictBody names the bad part), after the fast scan of its usual shape.
const PREDICT_SCHEMA = { body: { content: { [ARROW_STREAM]: { schema: {} } } } };
const PROBA_QUERY = { type: 'object', properties: { proba: { type: 'string' } } } as const;

/**
 * Registers the routes.
 * @param a - the application
 * @param ctx - the server
 */
export function registerRoutes(a: App, ctx: ServerContext): void {
  a.path('/health', { GET: { handler: async () => ({ status: 'ok' }) } });
  a.path('/ready', {
    GET: {
      handler: async (_req, reply) => {
        const ready = ctx.store.ready && !ctx.closing;
        return reply.code(ready ? 200 : 503).send({ ready, models: ctx.store.names() });
      },
    },
  });
  a.path('/models', { GET: { handler: async () => ({ models: ctx.store.all().map((m) => m.info) }) } });
  a.path('/models/:name', { GET: { schema: { params: NAME_PARAMS }, handler: async (req) => ctx.store.get((req.params as { name: string }).name).info } });
  a.path('/metrics', {
    GET: { handler: async (_req, reply) => reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics()) },
  });
  const predict = { schema: { ...PREDICT_SCHEMA, querystring: PROBA_QUERY }, config: { predictRows: true }, handler: predictHandler(ctx) };
  a.path('/predict', { POST: predict });
  a.path('/predict/batch', { POST: predict });
  a.path('/predict/:name', { POST: { ...predict, schema: { ...predict.schema, params: NAME_PARAMS } } });
  a.path('/predict/:name/batch', { POST: { ...predict, schema: { ...predict.schema, params: NAME_PARAMS } } });
}
