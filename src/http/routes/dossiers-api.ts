// The desk's JSON API: intake, online submission, the lifecycle steps (one route per step so
// each is documented with its own body), reading, queues, public tracking and rating.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  intakeAtCounter,
  intakeInput,
  listQueue,
  officerActions,
  onlineSubmissionInput,
  queueInput,
  rateDossier,
  rateInput,
  readDossier,
  storeAttachment,
  submitOnline,
  trackDossier,
  trackInput,
  transitionDossier,
  transitionInputs,
} from '../../application/dossiers.js';
import { AppError } from '../../application/errors.js';
import type { Services } from '../../application/services.js';
import { storeDirectivePaper } from '../../application/directives.js';
import { runUseCase } from '../../application/use-case.js';
import { attachmentLimits } from '../../domain/attachments.js';
import { requestMeta } from '../context.js';
import { jsonRoute, type JsonRouteSpec } from '../json-route.js';

const idParam = z.strictObject({ id: z.string().min(1).max(80) });
const dossierSchema = z
  .looseObject({ id: z.string(), code: z.string(), status: z.string() })
  .describe('DossierState');

export function dossierApiRoutes(trackLookupsPerMinute: number): JsonRouteSpec[] {
  const routes = [
    jsonRoute({
      method: 'POST',
      url: '/api/v1/dossiers',
      summary: 'Receive a dossier at the counter (channel 1), or refuse it with the reason',
      tags: ['desk'],
      auth: 'required',
      body: intakeInput,
      responses: {
        201: {
          description: 'Received (or refused); the dossier with its code',
          schema: dossierSchema,
        },
      },
      handler: async ({ body }, { request, services, auth }) => ({
        status: 201,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          intakeAtCounter(uc, body),
        ),
      }),
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/dossiers/online',
      summary: 'Submit a dossier online (channel 2): status 1 until the desk accepts it',
      tags: ['desk'],
      auth: 'public',
      body: onlineSubmissionInput,
      responses: {
        201: { description: 'Submitted; the dossier with its code', schema: dossierSchema },
      },
      handler: async ({ body }, { request, services, auth }) => ({
        status: 201,
        body: await runUseCase(services, auth?.actor ?? null, requestMeta(request), (uc) =>
          submitOnline(uc, body),
        ),
      }),
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/dossiers',
      summary: "The unit's dossiers, soonest due first, with overdue flags",
      tags: ['desk'],
      auth: 'required',
      query: queueInput.extend({ lang: z.string().optional() }),
      responses: {
        200: {
          description: 'Queue',
          schema: z.object({ dossiers: z.array(z.looseObject({ code: z.string() })) }),
        },
      },
      handler: async ({ query }, { request, services, auth }) => {
        const { lang: _lang, ...filters } = query;
        return {
          status: 200,
          body: {
            dossiers: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
              listQueue(uc, filters),
            ),
          },
        };
      },
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/dossiers/:id',
      summary: 'A dossier (by id or code) with its timeline',
      tags: ['desk'],
      auth: 'required',
      params: idParam,
      responses: {
        200: { description: 'The dossier', schema: z.looseObject({ dossier: dossierSchema }) },
      },
      handler: async ({ params }, { request, services, auth }) => ({
        status: 200,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          readDossier(uc, params.id),
        ),
      }),
    }),
    ...officerActions.map((action) =>
      jsonRoute({
        method: 'POST',
        url: `/api/v1/dossiers/:id/${action.replaceAll('_', '-')}`,
        summary: `Lifecycle step: ${action.replaceAll('_', ' ')}`,
        tags: ['desk'],
        auth: 'required',
        params: idParam,
        body: transitionInputs[action] as z.ZodType,
        responses: { 200: { description: 'The dossier after the step', schema: dossierSchema } },
        handler: async ({ params, body }, { request, services, auth }) => ({
          status: 200,
          body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
            transitionDossier(uc, params.id, action, body as never),
          ),
        }),
      }),
    ),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/track',
      summary: "Track a dossier with its code and the applicant's ID number (no account needed)",
      rateLimitPerMinute: trackLookupsPerMinute,
      tags: ['tracking'],
      auth: 'public',
      body: trackInput,
      responses: {
        200: {
          description: 'Status, dates and steps',
          schema: z.looseObject({ code: z.string(), status: z.string() }),
        },
        404: { description: 'No dossier matches this pair' },
      },
      handler: async ({ body }, { request, services, auth }) => ({
        status: 200,
        body: await runUseCase(services, auth?.actor ?? null, requestMeta(request), (uc) =>
          trackDossier(uc, body),
        ),
      }),
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/track/rating',
      summary: 'Rate the service after the result was returned',
      rateLimitPerMinute: trackLookupsPerMinute,
      tags: ['tracking'],
      auth: 'public',
      body: rateInput,
      responses: { 200: { description: 'Rated', schema: z.looseObject({ code: z.string() }) } },
      handler: async ({ body }, { request, services, auth }) => ({
        status: 200,
        body: await runUseCase(services, auth?.actor ?? null, requestMeta(request), (uc) =>
          rateDossier(uc, body),
        ),
      }),
    }),
  ];
  return routes;
}

/**
 * POST /api/v1/attachments takes the file itself as the body (application/pdf, image/jpeg or
 * image/png) and answers its SHA-256, which the intake (or a directive) then cites.
 */
export async function registerAttachmentRoute(
  app: FastifyInstance,
  services: Services,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      [...attachmentLimits.mediaTypes],
      { parseAs: 'buffer', bodyLimit: attachmentLimits.maxBytes + 1 },
      (_request, body, done) => {
        done(null, body);
      },
    );
    scope.post('/api/v1/attachments', async (request, reply) => {
      if (request.auth === null) throw new AppError('unauthenticated');
      if (!Buffer.isBuffer(request.body))
        throw new AppError('attachment_type', {
          fields: [{ field: 'file', reason: 'type', message: 'field.attachment_type' }],
        });
      const body = request.body;
      // ?directive=issue: a paper of a directive the province issues; ?directive={id}: of this
      // commune's report on one. Otherwise a scan for an intake.
      const query = request.query as Record<string, unknown>;
      const directive = typeof query['directive'] === 'string' ? query['directive'] : null;
      const stored = await runUseCase(services, request.auth.actor, requestMeta(request), (uc) =>
        directive === null
          ? storeAttachment(uc, body)
          : storeDirectivePaper(
              uc,
              directive === 'issue'
                ? { kind: 'issue' }
                : { kind: 'report', directiveId: directive },
              body,
            ),
      );
      return reply.code(201).send(stored);
    });
  });
}
