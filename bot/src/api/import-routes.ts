import type { FastifyInstance } from 'fastify';
import type { CsvImportService } from '../../../core/services/csv-import-service';
import { parseOrThrow } from '../../../core/validation';
import { principalOf } from './authenticate';
import { bodyOf, IdParam } from './request';

/**
 * CSV imports for the admin console. POST takes `{ kind, csv }` (JSON, within the 1 MB body limit),
 * answers 202 with the per-row validation report and the job's initial progress, and the import runs as a
 * workflow; GET /api/imports/:id is its progress.
 */
export function registerImportRoutes(app: FastifyInstance, imports: CsvImportService) {
  app.get('/api/imports/columns', async () => ({ columns: imports.columns() }));

  app.get('/api/imports', async (request) => ({ items: await imports.list(principalOf(request)) }));

  app.post('/api/imports', async (request, reply) => {
    const started = await imports.start(principalOf(request), bodyOf(request, '{ "kind": "accounts" | "contacts" | "roster", "csv": "…" }'));
    return reply
      .status(started.created ? 202 : 200)
      .header('Location', `/api/imports/${started.progress.jobId}`)
      .send({ jobId: started.progress.jobId, valid: started.valid, invalid: started.invalid, progress: started.progress });
  });

  app.get('/api/imports/:id', async (request) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    return imports.progress(principalOf(request), id);
  });
}
