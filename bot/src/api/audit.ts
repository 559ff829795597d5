import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuditLog } from '../../../core/services/audit-log';
import { parseOrThrow } from '../../../core/validation';
import { principalOf } from './authenticate';

const AUDITED_READS = new Set(['/api/context']);
const SinceQuery = z.object({ since: z.iso.datetime({ offset: true }).optional() }).strict();

/**
 * Records who read or changed what: every context read and every write, written before the response
 * leaves (so an answered request is always on record). Failed authentication is not audited here —
 * there is no actor to name — and shows in the access logs instead.
 */
export function registerAuditTrail(app: FastifyInstance, audit: AuditLog) {
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    if (!request.principal || !route) return payload;
    const audited = request.method !== 'GET' ? request.method !== 'HEAD' && request.method !== 'OPTIONS' : AUDITED_READS.has(route);
    if (!audited) return payload;
    const target: Record<string, string> = {};
    for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) target[name] = String(value).slice(0, 300);
    const email = (request.query as { email?: unknown } | undefined)?.email;
    if (typeof email === 'string') target.email = email.slice(0, 300);
    await audit.record({ tenantId: request.principal.tenantId, actorId: request.principal.personId, action: `${request.method} ${route}`, target, status: reply.statusCode });
    return payload;
  });

  app.get('/api/audit', async (request) => {
    const { since } = parseOrThrow(SinceQuery, request.query, 'query');
    return { items: await audit.list(principalOf(request), since) };
  });
}
