import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { EndpointRequest, EndpointResponse } from '../adapter/bot-framework-endpoint';
import type { ClientAuthConfig } from '../auth/client-auth';
import { errorHandler } from './error-handler';
import { registerApiRoutes, type ApiDeps } from './routes';

export interface HealthReport {
  status: 'ok' | 'degraded';
  temporal: ComponentHealth;
  store: ComponentHealth;
  worker: ComponentHealth;
}
export interface ComponentHealth {
  status: 'ok' | 'down' | 'disabled';
  detail?: string;
}

export interface AppDeps extends ApiDeps {
  clientAuth: ClientAuthConfig;
  authenticate: (request: import('fastify').FastifyRequest) => Promise<void>;
  health: () => Promise<HealthReport>;
  botEndpoint: (request: EndpointRequest) => Promise<EndpointResponse>;
  /** Folder of static pages (the add-in build); optional so API tests need no build. */
  staticRoot?: string;
  logLevel?: string;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** One HTTP server: health, the REST API, the Bot Framework endpoint and the static pages. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: MAX_BODY_BYTES,
    // Record ids are up to 128 characters; the default of 100 would turn long ones into 414s.
    routerOptions: { maxParamLength: 256 },
    logger: { level: deps.logLevel ?? 'info' },
    trustProxy: true,
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` } }));

  app.get('/healthz', async (_request, reply) => {
    const report = await deps.health();
    return reply.status(report.status === 'ok' ? 200 : 503).send(report);
  });

  app.get('/auth-config.json', async (_request, reply) => reply.header('Cache-Control', 'no-cache').send(deps.clientAuth));

  app.post('/api/messages', async (request, reply) => {
    const result = await deps.botEndpoint({ body: request.body, headers: request.headers, method: request.method });
    reply.status(result.status).headers(result.headers);
    return reply.send(result.body ?? '');
  });

  await app.register(async (api) => {
    api.addHook('onRequest', async (request) => deps.authenticate(request));
    registerApiRoutes(api, deps);
  });

  if (deps.staticRoot && existsSync(deps.staticRoot)) {
    await app.register(fastifyStatic, { root: deps.staticRoot, index: ['index.html'] });
  }
  return app;
}
