import type { FastifyInstance } from 'fastify';
import type { LeadershipService } from '../../../core/services/leadership-service';
import { parseOrThrow } from '../../../core/validation';
import { principalOf } from './authenticate';
import { AccountItemParams, AccountParam, bodyOf, IdParam } from './request';

/** The leadership routines over REST: agenda items, impact answers, outcomes, peer feedback, review answers. */
export function registerLeadershipRoutes(app: FastifyInstance, leadership: LeadershipService) {
  app.get('/api/accounts/:accountId/agenda', async (request) => {
    const { accountId } = parseOrThrow(AccountParam, request.params, 'path');
    return { running: (await leadership.agendaState(principalOf(request), accountId))?.state ?? null };
  });

  app.post('/api/accounts/:accountId/agenda-items', async (request, reply) => {
    const { accountId } = parseOrThrow(AccountParam, request.params, 'path');
    return reply.status(201).send(await leadership.raiseAgendaItem(principalOf(request), accountId, bodyOf(request)));
  });

  app.post('/api/accounts/:accountId/agenda-items/:itemId/impact-answers', async (request) => {
    const { accountId, itemId } = parseOrThrow(AccountItemParams, request.params, 'path');
    return leadership.answerImpact(principalOf(request), accountId, itemId, bodyOf(request));
  });

  app.post('/api/accounts/:accountId/agenda-items/:itemId/outcome', async (request) => {
    const { accountId, itemId } = parseOrThrow(AccountItemParams, request.params, 'path');
    return leadership.recordOutcome(principalOf(request), accountId, itemId, bodyOf(request));
  });

  app.post('/api/feedback-requests', async (request, reply) => {
    return reply.status(201).send(await leadership.requestFeedback(principalOf(request), bodyOf(request)));
  });

  app.get('/api/feedback-requests/:id', async (request) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    return leadership.feedback(principalOf(request), id);
  });

  app.post('/api/feedback-requests/:id/answers', async (request) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    return leadership.giveFeedback(principalOf(request), id, bodyOf(request));
  });

  app.post('/api/reviews/:id/answers', async (request) => {
    const { id } = parseOrThrow(IdParam, request.params, 'path');
    return leadership.answerReview(principalOf(request), id, bodyOf(request));
  });
}
