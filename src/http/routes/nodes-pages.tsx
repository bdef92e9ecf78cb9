// The province administrator's node pages (hub only): the list with sync health, issuing an
// enrolment token, revoking a node. Same shape as every page handler: parse the form into the
// use case's input, run the use case, then render (or redirect after a change).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, validationError } from '../../application/errors.js';
import {
  issueEnrolmentToken,
  issueTokenInput,
  listNodes,
  revokeNode,
  type IssuedToken,
} from '../../application/sync-hub.js';
import { runUseCase } from '../../application/use-case.js';
import { parseInput } from '../../application/validation.js';
import { defaultTokenHours } from '../../domain/nodes.js';
import { translator } from '../../i18n/messages.js';
import type { AppOptions } from '../app.js';
import { requestMeta } from '../context.js';
import type { FieldErrors } from '../pages/form.js';
import { renderPage } from '../pages/layout.js';
import { NodesPage, type RevokeForm, type TokenForm } from '../pages/nodes.js';
import { fieldErrors, html, pageContext, requireAuth } from './page-helpers.js';
import { z } from 'zod';

type Options = Pick<AppOptions, 'services' | 'units' | 'version' | 'syncStatus'>;

const revokeInput = z.strictObject({
  reason: z.string().trim().min(1, 'field.required').max(500),
});
const keyIdParam = z.strictObject({
  keyId: z.string().regex(/^[0-9a-f]{32}$/, { error: 'field.invalid_format' }),
});

/** Hours as typed: empty means the default; anything but digits is refused by name. */
function hoursOf(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d{1,6}$/.test(trimmed))
    throw validationError([
      { field: 'hours', reason: 'hours_format', message: 'field.hours_format' },
    ]);
  return Number(trimmed);
}

export function registerNodePages(app: FastifyInstance, options: Options): void {
  const { services, units } = options;
  const emptyForm: TokenForm = { unitCode: '', hours: String(defaultTokenHours) };
  const unitName = (code: string) => units.unit(code)?.name ?? '';

  async function nodesPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: {
      form: TokenForm;
      errors: FieldErrors;
      issued?: IssuedToken;
      revoke?: RevokeForm;
      notice?: string;
      status: number;
    },
  ): Promise<FastifyReply> {
    const auth = requireAuth(request);
    const nodes = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      listNodes(uc),
    );
    return html(
      reply,
      renderPage(
        <NodesPage
          page={pageContext(options, request, reply)}
          nodes={nodes}
          unitName={unitName}
          form={state.form}
          errors={state.errors}
          {...(state.issued === undefined ? {} : { issued: state.issued })}
          {...(state.revoke === undefined ? {} : { revoke: state.revoke })}
          {...(state.notice === undefined ? {} : { notice: state.notice })}
        />,
      ),
      state.status,
    );
  }

  app.get('/admin/nodes', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const revoked = typeof query['revoked'] === 'string' ? query['revoked'] : '';
    const notice = /^[0-9a-f]{32}$/.test(revoked)
      ? await revokedNotice(request, revoked)
      : undefined;
    return nodesPage(request, reply, {
      form: emptyForm,
      errors: {},
      status: 200,
      ...(notice === undefined ? {} : { notice }),
    });
  });

  async function revokedNotice(request: FastifyRequest, keyId: string) {
    const auth = requireAuth(request);
    const node = (
      await runUseCase(services, auth.actor, requestMeta(request), (uc) => listNodes(uc))
    ).find((n) => n.keyId === keyId && n.revokedAt !== null);
    if (node === undefined) return undefined;
    return translator(request.lang)('nodes.revokedNotice', {
      key: keyId.slice(0, 12),
      unit: `${node.unitCode} ${unitName(node.unitCode)}`,
    });
  }

  app.post('/admin/nodes/tokens', async (request, reply) => {
    const auth = requireAuth(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof body[key] === 'string' ? body[key] : '');
    const form: TokenForm = { unitCode: text('unitCode').trim(), hours: text('hours') };
    try {
      const input = parseInput(issueTokenInput, {
        unitCode: form.unitCode,
        hours: hoursOf(form.hours),
      });
      const issued = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        issueEnrolmentToken(uc, input),
      );
      return await nodesPage(request, reply, { form: emptyForm, errors: {}, issued, status: 201 });
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed')
        return nodesPage(request, reply, {
          form,
          errors: fieldErrors(request.lang, error.fields),
          status: 400,
        });
      throw error;
    }
  });

  app.post('/admin/nodes/:keyId/revoke', async (request, reply) => {
    const auth = requireAuth(request);
    const { keyId } = parseInput(keyIdParam, request.params, ['params']);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const reason = typeof body['reason'] === 'string' ? body['reason'] : '';
    try {
      const input = parseInput(revokeInput, { reason });
      await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        revokeNode(uc, keyId, input.reason),
      );
      return await reply.redirect(`/admin/nodes?revoked=${keyId}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed') {
        if (error.fields.some((f) => f.field === 'keyId')) throw new AppError('not_found');
        const errors = fieldErrors(request.lang, error.fields);
        return nodesPage(request, reply, {
          form: emptyForm,
          errors: {},
          revoke: { keyId, reason, error: errors['reason'] ?? '' },
          status: 400,
        });
      }
      throw error;
    }
  });
}
