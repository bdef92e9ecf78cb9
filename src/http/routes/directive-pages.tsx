// Directives as pages: the province issues and follows them at the hub; a commune acknowledges,
// assigns and reports at its own node. Every form posts with its CSRF token; a refusal or bad
// input is shown on the page next to the field, with what was typed, and nothing is written.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  acknowledgeDirective,
  assignableOfficers,
  assignDirective,
  assignDirectiveInput,
  cancelDirective,
  cancelDirectiveInput,
  directiveAttachment,
  directiveDetail,
  directiveLetter,
  issueDirective,
  issueDirectiveInput,
  listDirectives,
  listDirectivesInput,
  reportDirective,
  reportDirectiveInput,
  reviewDirectiveInput,
  reviewDirectiveReport,
  storeDirectivePaper,
  type DirectiveDetail,
} from '../../application/directives.js';
import { AppError, validationError, type FieldProblem } from '../../application/errors.js';
import { runUseCase, type UseCase } from '../../application/use-case.js';
import { parseInput } from '../../application/validation.js';
import { attachmentLimits } from '../../domain/attachments.js';
import { can } from '../../domain/permissions.js';
import { vietnamDate } from '../../domain/procedures.js';
import { requestMeta } from '../context.js';
import {
  DirectiveListPage,
  DirectivePage,
  IssueDirectivePage,
  ReviewPage,
  type CommuneActions,
  type IssueFormValues,
} from '../pages/directives.js';
import type { FieldErrors } from '../pages/form.js';
import { renderPage } from '../pages/layout.js';
import { fieldErrors, html, pageContext, requireAuth, type PageOptions } from './page-helpers.js';

const maxFiles = 3;

function texts(body: Record<string, unknown>, key: string): string[] {
  const value = body[key];
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

function textOf(body: Record<string, unknown>, key: string): string {
  return texts(body, key)[0] ?? '';
}

/** The files sent in `attachments.0` … (an empty file input sends an empty part). */
function filesOf(body: Record<string, unknown>): { index: number; content: Buffer }[] {
  const out: { index: number; content: Buffer }[] = [];
  for (let i = 0; i < maxFiles; i += 1) {
    const file = body[`attachments.${i}`];
    if (Buffer.isBuffer(file) && file.length > 0) out.push({ index: i, content: file });
  }
  return out;
}

/** Stores each file in the use case's transaction; a bad file is a problem of its field. */
async function storeFiles(
  uc: UseCase,
  files: readonly { index: number; content: Buffer }[],
  step: Parameters<typeof storeDirectivePaper>[1],
  nameOf: (n: number, mediaType: string) => string,
): Promise<{ refs: { hash: string; name: string }[]; problems: FieldProblem[] }> {
  const refs: { hash: string; name: string }[] = [];
  const problems: FieldProblem[] = [];
  for (const file of files)
    try {
      const stored = await storeDirectivePaper(uc, step, file.content);
      refs.push({ hash: stored.hash, name: nameOf(refs.length + 1, stored.mediaType) });
    } catch (error) {
      if (
        !(error instanceof AppError) ||
        (error.code !== 'attachment_too_large' && error.code !== 'attachment_type')
      )
        throw error;
      problems.push(...error.fields.map((f) => ({ ...f, field: `attachments.${file.index}` })));
    }
  return { refs, problems };
}

const extension = (mediaType: string) =>
  mediaType === 'application/pdf' ? 'pdf' : mediaType === 'image/png' ? 'png' : 'jpg';

/** A file name a person recognises: the directive's number and the paper's place. */
function paperName(prefix: string, n: number, mediaType: string): string {
  const safe = prefix.replace(/[^\p{L}\p{N}-]+/gu, '-').replace(/^-+|-+$/g, '');
  return `${safe}-${n}.${extension(mediaType)}`;
}

export function registerDirectivePages(app: FastifyInstance, options: PageOptions): void {
  const { services } = options;
  const node = services.node;
  const hub = node.role === 'province';
  const here = { unitCode: node.unitCode, provinceCode: node.provinceCode };
  const communes = hub
    ? services.units
        .communeCodesOf(node.provinceCode)
        .map((code) => ({ code, name: services.units.unit(code)?.name ?? code }))
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
    : [];
  // Oversize files become field errors (one byte more is read to know), like the portal's.
  const uploadConfig = {
    config: {
      multipartOptions: {
        throwFileSizeLimit: false,
        limits: { fileSize: attachmentLimits.maxBytes + 1, files: maxFiles },
      },
    },
  };

  const emptyForm: IssueFormValues = {
    number: '',
    title: '',
    body: '',
    priority: 'normal',
    signerName: '',
    deadlineKind: 'working_days',
    deadlineDays: '',
    deadlineDate: '',
    unitCodes: [],
  };

  function issueForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: IssueFormValues,
    errors: FieldErrors,
    filesLost: boolean,
    status: number,
  ) {
    return html(
      reply,
      renderPage(
        <IssueDirectivePage
          page={pageContext(options, request, reply)}
          values={values}
          errors={errors}
          communes={communes}
          today={vietnamDate(services.clock())}
          filesLost={filesLost}
        />,
      ),
      status,
    );
  }

  async function showDirective(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: {
      errors?: FieldErrors;
      values?: Record<string, string>;
      notice?: string;
      status?: number;
    } = {},
  ) {
    const auth = requireAuth(request);
    const actor = auth.actor;
    const query = request.query as Record<string, unknown>;
    const filter =
      typeof query['filter'] === 'string' &&
      ['unacknowledged', 'late', 'done'].includes(query['filter'])
        ? query['filter']
        : 'all';
    const { detail, officers } = await runUseCase(
      services,
      actor,
      requestMeta(request),
      async (uc) => ({
        detail: await directiveDetail(uc, id),
        officers: !hub && can(actor, 'directive.assign', here) ? await assignableOfficers(uc) : [],
      }),
    );
    const actions = hub ? null : communeActions(detail, actor, officers);
    const p = request.query as Record<string, unknown>;
    const done = typeof p['done'] === 'string' ? p['done'] : '';
    const page = pageContext(options, request, reply);
    const notice =
      state.notice ??
      (['issued', 'cancelled', 'acknowledged', 'assigned', 'reported', 'reviewed'].includes(done)
        ? page.t(`directive.done.${done as 'issued'}`)
        : undefined);
    return html(
      reply,
      renderPage(
        <DirectivePage
          page={page}
          detail={detail}
          hub={hub}
          filter={filter}
          canCancel={hub && can(actor, 'directive.cancel', here)}
          canReview={hub && can(actor, 'directive.review', here)}
          actions={actions}
          errors={state.errors ?? {}}
          values={state.values ?? {}}
          {...(notice === undefined ? {} : { notice })}
        />,
      ),
      state.status ?? 200,
    );
  }

  function communeActions(
    detail: DirectiveDetail,
    actor: NonNullable<FastifyRequest['auth']>['actor'],
    officers: readonly { id: string; displayName: string }[],
  ): CommuneActions {
    const own = detail.targets[0];
    if (own === undefined)
      return { canAcknowledge: false, canAssign: false, canReport: false, officers };
    const open = detail.directive.cancelledAt === null && !own.reportStands;
    const acknowledged = own.acknowledgedAt !== null;
    return {
      canAcknowledge: open && !acknowledged && can(actor, 'directive.acknowledge', here),
      canAssign: open && acknowledged && can(actor, 'directive.assign', here),
      canReport:
        open &&
        acknowledged &&
        can(actor, 'directive.report', { ...here, assigneeId: own.assigneeId }),
      officers,
    };
  }

  /** Runs a step of a directive's page; a refusal or bad input shows the page again. */
  async function step(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    done: string,
    run: (uc: UseCase, body: Record<string, unknown>) => Promise<unknown>,
  ) {
    const auth = requireAuth(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      await runUseCase(services, auth.actor, requestMeta(request), (uc) => run(uc, body));
    } catch (error) {
      if (
        error instanceof AppError &&
        (error.code === 'validation_failed' || error.code === 'directive_step_refused')
      ) {
        const values: Record<string, string> = {};
        for (const key of ['assigneeId', 'note', 'summary', 'reason'])
          if (textOf(body, key) !== '') values[key] = textOf(body, key);
        return showDirective(request, reply, id, {
          errors: fieldErrors(request.lang, error.fields),
          values,
          status: error.status,
        });
      }
      throw error;
    }
    return reply.redirect(`/directives/${encodeURIComponent(id)}?done=${done}`, 303);
  }

  app.get('/directives', async (request, reply) => {
    const auth = requireAuth(request);
    const query = request.query as Record<string, unknown>;
    const input = parseInput(listDirectivesInput, {
      show: query['show'] === 'all' ? 'all' : 'open',
    });
    const items = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      listDirectives(uc, input),
    );
    return html(
      reply,
      renderPage(
        <DirectiveListPage
          page={pageContext(options, request, reply)}
          items={items}
          show={input.show}
          hub={hub}
          canIssue={hub && can(auth.actor, 'directive.issue', here)}
        />,
      ),
    );
  });

  if (hub) {
    app.get('/directives/new', (request, reply) => {
      const auth = requireAuth(request);
      if (!can(auth.actor, 'directive.issue', here)) throw new AppError('forbidden');
      return issueForm(request, reply, emptyForm, {}, false, 200);
    });

    app.post('/directives', uploadConfig, async (request, reply) => {
      const auth = requireAuth(request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const all = textOf(body, 'allCommunes') === 'on';
      const values: IssueFormValues = {
        number: textOf(body, 'number'),
        title: textOf(body, 'title'),
        body: textOf(body, 'body'),
        priority: textOf(body, 'priority') || 'normal',
        signerName: textOf(body, 'signerName'),
        deadlineKind: textOf(body, 'deadlineKind') || 'working_days',
        deadlineDays: textOf(body, 'deadlineDays').trim(),
        deadlineDate: textOf(body, 'deadlineDate').trim(),
        unitCodes: all ? communes.map((c) => c.code) : texts(body, 'unitCodes'),
      };
      const files = filesOf(body);
      try {
        const detail = await runUseCase(services, auth.actor, requestMeta(request), async (uc) => {
          // The form's own checks first, so that a wrong field is not hidden by a file problem.
          let input;
          let problems: FieldProblem[] = [];
          try {
            input = parseInput(issueDirectiveInput, {
              number: values.number,
              title: values.title,
              body: values.body,
              priority: values.priority,
              signerName: values.signerName,
              deadlineKind: values.deadlineKind,
              ...(values.deadlineKind === 'working_days' && values.deadlineDays !== ''
                ? { deadlineDays: values.deadlineDays }
                : {}),
              ...(values.deadlineKind === 'date' && values.deadlineDate !== ''
                ? { deadlineDate: values.deadlineDate }
                : {}),
              unitCodes: values.unitCodes,
            });
          } catch (error) {
            if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
            problems = [...error.fields];
          }
          const stored = await storeFiles(uc, files, { kind: 'issue' }, (n, type) =>
            paperName(values.number || 'van-ban', n, type),
          );
          problems.push(...stored.problems);
          if (input === undefined || problems.length > 0) throw validationError(problems);
          return issueDirective(uc, { ...input, attachments: stored.refs });
        });
        return await reply.redirect(`/directives/${detail.directive.id}?done=issued`, 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'validation_failed')
          return issueForm(
            request,
            reply,
            values,
            fieldErrors(request.lang, error.fields),
            files.length > 0,
            error.status,
          );
        throw error;
      }
    });

    /** One commune's report and the review form; a refusal or bad input shows it again. */
    async function reviewPage(
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      unit: string,
      state: { errors: FieldErrors; values: Record<string, string>; status: number },
    ) {
      const auth = requireAuth(request);
      if (!can(auth.actor, 'directive.review', here)) throw new AppError('forbidden');
      const detail = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        directiveDetail(uc, id),
      );
      const target = detail.targets.find((t) => t.unitCode === unit);
      if (target === undefined || target.reportedAt === null) throw new AppError('not_found');
      return html(
        reply,
        renderPage(
          <ReviewPage
            page={pageContext(options, request, reply)}
            detail={detail}
            target={target}
            errors={state.errors}
            values={state.values}
          />,
        ),
        state.status,
      );
    }

    app.get('/directives/:id/review/:unit', (request, reply) => {
      const { id, unit } = request.params as { id: string; unit: string };
      return reviewPage(request, reply, id, unit, { errors: {}, values: {}, status: 200 });
    });

    app.post('/directives/:id/review/:unit', async (request, reply) => {
      const auth = requireAuth(request);
      const { id, unit } = request.params as { id: string; unit: string };
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { verdict: textOf(body, 'verdict'), comment: textOf(body, 'comment') };
      try {
        await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          reviewDirectiveReport(uc, id, unit, parseInput(reviewDirectiveInput, values)),
        );
      } catch (error) {
        if (
          error instanceof AppError &&
          (error.code === 'validation_failed' || error.code === 'directive_step_refused')
        )
          return reviewPage(request, reply, id, unit, {
            errors: fieldErrors(request.lang, error.fields),
            values,
            status: error.status,
          });
        throw error;
      }
      return reply.redirect(`/directives/${encodeURIComponent(id)}?done=reviewed`, 303);
    });

    app.post('/directives/:id/cancel', (request, reply) => {
      const { id } = request.params as { id: string };
      return step(request, reply, id, 'cancelled', (uc, body) =>
        cancelDirective(
          uc,
          id,
          parseInput(cancelDirectiveInput, { reason: textOf(body, 'reason') }),
        ),
      );
    });
  } else {
    app.post('/directives/:id/acknowledge', (request, reply) => {
      const { id } = request.params as { id: string };
      return step(request, reply, id, 'acknowledged', (uc) => acknowledgeDirective(uc, id));
    });

    app.post('/directives/:id/assign', (request, reply) => {
      const { id } = request.params as { id: string };
      return step(request, reply, id, 'assigned', (uc, body) =>
        assignDirective(
          uc,
          id,
          parseInput(assignDirectiveInput, {
            assigneeId: textOf(body, 'assigneeId'),
            note: textOf(body, 'note'),
          }),
        ),
      );
    });

    app.post('/directives/:id/report', uploadConfig, (request, reply) => {
      const { id } = request.params as { id: string };
      return step(request, reply, id, 'reported', async (uc, body) => {
        let input;
        let problems: FieldProblem[] = [];
        try {
          input = parseInput(reportDirectiveInput, { summary: textOf(body, 'summary') });
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
          problems = [...error.fields];
        }
        const stored = await storeFiles(
          uc,
          filesOf(body),
          { kind: 'report', directiveId: id },
          (n, type) => paperName(`bao-cao-${node.unitCode}`, n, type),
        );
        problems.push(...stored.problems);
        if (input === undefined || problems.length > 0) throw validationError(problems);
        return reportDirective(uc, id, { ...input, attachments: stored.refs });
      });
    });
  }

  app.get('/directives/:id', (request, reply) => {
    const { id } = request.params as { id: string };
    return showDirective(request, reply, id);
  });

  app.get('/directives/:id/letter.pdf', async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    const pdf = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      directiveLetter(uc, id),
    );
    return reply
      .type('application/pdf')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `inline; filename="cong-van-${id}.pdf"`)
      .send(pdf);
  });

  app.get('/directives/:id/attachments/:hash', async (request, reply) => {
    const auth = requireAuth(request);
    const { id, hash } = request.params as { id: string; hash: string };
    const file = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      directiveAttachment(uc, id, hash),
    );
    return reply
      .type(file.mediaType)
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `inline; filename="${encodeURIComponent(file.name)}"`)
      .send(file.content);
  });
}
