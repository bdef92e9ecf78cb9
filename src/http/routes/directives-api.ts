// Directives in the JSON API, so that the province's document system (e-office) that drafts a
// directive hands it over instead of someone typing it again, and reads back where each commune
// stands. Papers are sent first to POST /api/v1/attachments?directive=issue (or ?directive={id}
// for a commune's report) and cited by their SHA-256.
import { z } from 'zod';
import {
  acknowledgeDirective,
  assignDirective,
  assignDirectiveInput,
  cancelDirective,
  cancelDirectiveInput,
  directiveDetail,
  issueDirective,
  issueDirectiveInput,
  listDirectives,
  listDirectivesInput,
  reportDirective,
  reportDirectiveInput,
  reviewDirectiveInput,
  reviewDirectiveReport,
} from '../../application/directives.js';
import { runUseCase } from '../../application/use-case.js';
import { requestMeta } from '../context.js';
import { jsonRoute, type JsonRouteSpec } from '../json-route.js';

const idParam = z.strictObject({ id: z.uuid() });
const detailSchema = z
  .looseObject({
    directive: z.looseObject({ id: z.string(), number: z.string(), dueAt: z.string() }),
    targets: z.array(z.looseObject({ unitCode: z.string() })),
    tally: z.looseObject({ targets: z.number() }),
  })
  .describe('Directive');
const detail = {
  200: { description: 'The directive and where each commune stands', schema: detailSchema },
};

export function directiveApiRoutes(role: 'commune' | 'province'): JsonRouteSpec[] {
  const read: JsonRouteSpec[] = [
    jsonRoute({
      method: 'GET',
      url: '/api/v1/directives',
      summary:
        'The province’s directives (at the hub) or those addressed to this commune, newest first, with their counts',
      tags: ['directives'],
      auth: 'required',
      query: listDirectivesInput.extend({ lang: z.string().optional() }),
      responses: {
        200: {
          description: 'Directives',
          schema: z.object({
            directives: z.array(z.looseObject({ directive: z.looseObject({}) })),
          }),
        },
      },
      handler: async ({ query }, { request, services, auth }) => ({
        status: 200,
        body: {
          directives: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
            listDirectives(uc, { show: query.show }),
          ),
        },
      }),
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/directives/:id',
      summary:
        'One directive: who has acknowledged, who is late, who is done (at a commune: its own answer)',
      tags: ['directives'],
      auth: 'required',
      params: idParam,
      responses: detail,
      handler: async ({ params }, { request, services, auth }) => ({
        status: 200,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          directiveDetail(uc, params.id),
        ),
      }),
    }),
  ];
  if (role === 'province')
    return [
      ...read,
      jsonRoute({
        method: 'POST',
        url: '/api/v1/directives',
        summary:
          'Issue a directive (văn bản chỉ đạo) to communes of the province, with its deadline in working days or as a date',
        tags: ['directives'],
        auth: 'required',
        body: issueDirectiveInput,
        responses: { 201: { description: 'Issued', schema: detailSchema } },
        handler: async ({ body }, { request, services, auth }) => ({
          status: 201,
          body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
            issueDirective(uc, body),
          ),
        }),
      }),
      jsonRoute({
        method: 'POST',
        url: '/api/v1/directives/:id/review/:unitCode',
        summary:
          'Accept a commune’s report on a directive, or return it to be done again (with what is missing)',
        tags: ['directives'],
        auth: 'required',
        params: z.strictObject({ id: z.uuid(), unitCode: z.string().regex(/^\d{5}$/) }),
        body: reviewDirectiveInput,
        responses: detail,
        handler: async ({ params, body }, { request, services, auth }) => ({
          status: 200,
          body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
            reviewDirectiveReport(uc, params.id, params.unitCode, body),
          ),
        }),
      }),
      jsonRoute({
        method: 'POST',
        url: '/api/v1/directives/:id/cancel',
        summary: 'Withdraw a directive (thu hồi), with the reason',
        tags: ['directives'],
        auth: 'required',
        params: idParam,
        body: cancelDirectiveInput,
        responses: detail,
        handler: async ({ params, body }, { request, services, auth }) => ({
          status: 200,
          body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
            cancelDirective(uc, params.id, body),
          ),
        }),
      }),
    ];
  return [
    ...read,
    jsonRoute({
      method: 'POST',
      url: '/api/v1/directives/:id/acknowledge',
      summary: 'Acknowledge a directive addressed to this commune (xác nhận đã nhận)',
      tags: ['directives'],
      auth: 'required',
      params: idParam,
      responses: detail,
      handler: async ({ params }, { request, services, auth }) => ({
        status: 200,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          acknowledgeDirective(uc, params.id),
        ),
      }),
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/directives/:id/assign',
      summary: 'Give a directive to an officer of this commune (giao xử lý)',
      tags: ['directives'],
      auth: 'required',
      params: idParam,
      body: assignDirectiveInput,
      responses: detail,
      handler: async ({ params, body }, { request, services, auth }) => ({
        status: 200,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          assignDirective(uc, params.id, body),
        ),
      }),
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/directives/:id/report',
      summary: 'Report a directive done (báo cáo kết quả), citing papers already uploaded',
      tags: ['directives'],
      auth: 'required',
      params: idParam,
      body: reportDirectiveInput,
      responses: detail,
      handler: async ({ params, body }, { request, services, auth }) => ({
        status: 200,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          reportDirective(uc, params.id, body),
        ),
      }),
    }),
  ];
}
