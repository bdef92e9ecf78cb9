// The province administrator's management of commune nodes: enrolment tokens, the list of
// nodes with their sync health, revocation.
import { z } from 'zod';
import {
  issueEnrolmentToken,
  issueTokenInput,
  listNodes,
  revokeNode,
} from '../../application/sync-hub.js';
import { runUseCase } from '../../application/use-case.js';
import { requestMeta } from '../context.js';
import { jsonRoute, type JsonRouteSpec } from '../json-route.js';

const nodeSchema = z.object({
  keyId: z.string(),
  unitCode: z.string(),
  enrolledAt: z.string(),
  revokedAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  skewMs: z.number().nullable(),
  flags: z.array(z.string()),
  backlog: z.number().nullable(),
  held: z.number(),
});

export function nodeApiRoutes(): JsonRouteSpec[] {
  return [
    jsonRoute({
      method: 'POST',
      url: '/api/v1/nodes/enrolment-tokens',
      summary: 'Issue a one-time enrolment token for a commune node (shown once)',
      tags: ['nodes'],
      auth: 'required',
      body: issueTokenInput,
      responses: {
        201: {
          description: 'The token',
          schema: z.object({
            token: z.string(),
            tokenId: z.string(),
            unitCode: z.string(),
            expiresAt: z.string(),
          }),
        },
      },
      handler: async ({ body }, { request, services, auth }) => ({
        status: 201,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          issueEnrolmentToken(uc, body),
        ),
      }),
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/nodes',
      summary:
        'The nodes of the province with their sync health (last sync, backlog, clock skew, flags)',
      tags: ['nodes'],
      auth: 'required',
      query: z.strictObject({ lang: z.string().optional() }),
      responses: {
        200: { description: 'Nodes', schema: z.object({ nodes: z.array(nodeSchema) }) },
      },
      handler: async (_input, { request, services, auth }) => ({
        status: 200,
        body: {
          nodes: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
            listNodes(uc),
          ),
        },
      }),
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/nodes/:keyId/revoke',
      summary: 'Revoke a node: its key is refused from now on',
      tags: ['nodes'],
      auth: 'required',
      params: z.strictObject({
        keyId: z.string().regex(/^[0-9a-f]{32}$/, { error: 'field.invalid_format' }),
      }),
      body: z.strictObject({ reason: z.string().trim().min(1, 'field.required').max(500) }),
      responses: { 204: { description: 'Revoked' } },
      handler: async ({ params, body }, { request, services, auth }) => {
        await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          revokeNode(uc, params.keyId, body.reason),
        );
        return { status: 204, body: '' };
      },
    }),
  ];
}
