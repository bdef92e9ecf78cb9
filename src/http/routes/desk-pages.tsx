// The desk's pages: intake, queues, the dossier page with its step forms and documents, the
// tracking book, attachments, and public tracking. Handlers keep the fixed shape: parse the
// form into the use case's input, run the use case, then redirect or render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  intakeAtCounter,
  intakeInput,
  listQueue,
  officerActions,
  rateDossier,
  rateInput,
  readAttachment,
  readDossier,
  storeAttachment,
  trackDossier,
  trackInput,
  transitionDossier,
  transitionInputs,
  type OfficerAction,
} from '../../application/dossiers.js';
import { AppError, errorCatalogue } from '../../application/errors.js';
import { readTrackingBook, trackingBookInput } from '../../application/tracking-book.js';
import { runUseCase } from '../../application/use-case.js';
import { parseInput } from '../../application/validation.js';
import { civilKinds, civilProcedureCodes } from '../../domain/civil-status.js';
import { vietnamDate } from '../../domain/dossiers.js';
import { checkTransition } from '../../domain/dossiers.js';
import { can } from '../../domain/permissions.js';
import { formatMessage, translator } from '../../i18n/messages.js';
import type { AppOptions } from '../app.js';
import { requestMeta } from '../context.js';
import { ChooseProcedurePage, IntakeFormPage, type IntakeFormValues } from '../pages/desk.js';
import { DossierPage, QueuePage, type QueueFilter } from '../pages/dossiers.js';
import type { FieldErrors } from '../pages/form.js';
import { renderPage } from '../pages/layout.js';
import { fieldErrors, html, pageContext, requireAuth } from './page-helpers.js';
import { TrackPage } from '../pages/track.js';
import { TrackingBookPage } from '../pages/tracking-book.js';
import {
  renderDossierDocument,
  renderTrackingBookPdf,
  trackingBookCsv,
} from '../../application/desk-documents.js';

type Options = Pick<
  AppOptions,
  'services' | 'units' | 'version' | 'secureCookies' | 'trackLookupsPerMinute'
>;

function formText(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** Optional text: an empty form field means "not given". */
function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** The step forms' fields, as the use case's input. */
function actionInput(
  action: OfficerAction,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const get = (k: string) => formText(body, k);
  switch (action) {
    case 'request_supplement':
      return {
        reason: get('reason') ?? '',
        missing: (get('missing') ?? '')
          .split(/\r?\n/)
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      };
    case 'request_payment':
      return {
        reason: get('reason') ?? '',
        amountVnd: Number((get('amountVnd') ?? '').replace(/[.,\s]/g, '')),
      };
    case 'assign':
      return { assigneeId: get('assigneeId') ?? '' };
    case 'record_payment':
      return { method: get('method') ?? '', reference: get('reference') ?? '' };
    case 'return_result': {
      const id = optional(get('recipientCitizenId'));
      return {
        recipientName: get('recipientName') ?? '',
        relationship: get('relationship') ?? '',
        delivery: get('delivery') ?? 'receiving_unit',
        ...(id === undefined ? {} : { recipientCitizenId: id }),
      };
    }
    case 'extend':
      return { reason: get('reason') ?? '', newDueDate: get('newDueDate') ?? '' };
    case 'refuse':
    case 'send_back':
    case 'stop':
    case 'withdraw':
      return { reason: get('reason') ?? '' };
    default:
      return {};
  }
}

export function registerDeskPages(app: FastifyInstance, options: Options): void {
  const { services, units } = options;
  const trackLimit = {
    rateLimit: { max: options.trackLookupsPerMinute ?? 20, timeWindow: '1 minute' },
  };

  const unitName = (code: string) => units.unit(code)?.name ?? code;

  app.get('/desk', async (request, reply) => {
    const auth = requireAuth(request);
    if (
      !can(auth.actor, 'dossier.intake', {
        unitCode: services.node.unitCode,
        provinceCode: services.node.provinceCode,
      })
    )
      throw new AppError('forbidden');
    const procedures = await services.desk.listInForce(
      services.storage.db,
      vietnamDate(services.clock()),
    );
    const query = request.query as Record<string, unknown>;
    return html(
      reply,
      renderPage(
        <ChooseProcedurePage
          page={pageContext(options, request, reply)}
          procedures={procedures}
          selected={typeof query['procedure'] === 'string' ? query['procedure'] : ''}
        />,
      ),
    );
  });

  async function intakeForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: IntakeFormValues,
    errors: FieldErrors,
    status: number,
  ): Promise<FastifyReply> {
    const query = request.query as Record<string, unknown>;
    const code = typeof query['procedure'] === 'string' ? query['procedure'] : '';
    const procedure = await services.desk.procedureInForce(
      services.storage.db,
      code,
      vietnamDate(services.clock()),
    );
    if (procedure === undefined) return reply.redirect('/desk', 303);
    const here = services.node.unitCode;
    const candidates =
      procedure.level === 'province'
        ? [services.node.provinceCode]
        : procedure.nonTerritorial
          ? [
              here,
              ...units
                .communesOf(services.node.provinceCode)
                .map((c) => c.code)
                .filter((c) => c !== here),
            ]
          : [here];
    const unitOptions = candidates
      .filter((c) => units.unit(c) !== undefined)
      .map((c) => ({ code: c, name: unitName(c) }));
    const exemptions = procedure.exemptions
      .map((e) => e.code)
      .filter((c) => values[`exemption-${c}`] === 'on');
    const fee = procedure.fee({
      exemptions,
      late: values['late'] === 'on',
      copies: Math.max(0, Number(values['copies'] ?? '0') || 0),
    });
    return html(
      reply,
      renderPage(
        <IntakeFormPage
          page={pageContext(options, request, reply)}
          procedure={procedure}
          units={unitOptions}
          values={values}
          errors={errors}
          feePreview={fee.totalVnd}
        />,
      ),
      status,
    );
  }

  app.get('/desk/intake', async (request, reply) => {
    const auth = requireAuth(request);
    if (
      !can(auth.actor, 'dossier.intake', {
        unitCode: services.node.unitCode,
        provinceCode: services.node.provinceCode,
      })
    )
      throw new AppError('forbidden');
    return intakeForm(request, reply, {}, {}, 200);
  });

  app.post('/desk/intake', async (request, reply) => {
    const auth = requireAuth(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const query = request.query as Record<string, unknown>;
    const procedureCode = typeof query['procedure'] === 'string' ? query['procedure'] : '';
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(body))
      if (typeof v === 'string' && k !== '_csrf') values[k] = v;
    const procedure = await services.desk.procedureInForce(
      services.storage.db,
      procedureCode,
      vietnamDate(services.clock()),
    );
    if (procedure === undefined) return reply.redirect('/desk', 303);
    try {
      const state = await runUseCase(services, auth.actor, requestMeta(request), async (uc) => {
        const components = [];
        for (const [index, c] of procedure.components.entries()) {
          const file = body[`component-${c.code}-file`];
          const attachments: string[] = [];
          if (Buffer.isBuffer(file) && file.length > 0) {
            try {
              attachments.push((await storeAttachment(uc, file)).hash);
            } catch (error) {
              if (error instanceof AppError)
                throw new AppError('validation_failed', {
                  fields: error.fields.map((f) => ({ ...f, field: `components.${index}.file` })),
                });
              throw error;
            }
          }
          components.push({
            code: c.code,
            provided: values[`component-${c.code}-provided`] === 'on' || attachments.length > 0,
            reusedFromData: values[`component-${c.code}-reused`] === 'on',
            attachments,
          });
        }
        const refusing = values['decision'] === 'refuse';
        const method = optional(values['paymentMethod']);
        const input = parseInput(intakeInput, {
          procedureCode,
          competentUnitCode: values['competentUnitCode'] ?? services.node.unitCode,
          applicant: {
            fullName: values['applicant-fullName'] ?? '',
            citizenId: values['applicant-citizenId'] ?? '',
            ...(optional(values['applicant-dateOfBirth']) === undefined
              ? {}
              : { dateOfBirth: optional(values['applicant-dateOfBirth']) }),
            ...(optional(values['applicant-sex']) === undefined
              ? {}
              : { sex: optional(values['applicant-sex']) }),
            ...(optional(values['applicant-phone']) === undefined
              ? {}
              : { phone: optional(values['applicant-phone']) }),
            ...(optional(values['applicant-address']) === undefined
              ? {}
              : { address: optional(values['applicant-address']) }),
          },
          components,
          exemptions: procedure.exemptions
            .map((e) => e.code)
            .filter((c) => values[`exemption-${c}`] === 'on'),
          late: values['late'] === 'on',
          copies: Number(values['copies'] ?? '0') || 0,
          ...(method === undefined
            ? {}
            : { payment: { method, reference: values['paymentReference'] ?? '' } }),
          resultDelivery: values['resultDelivery'] ?? 'receiving_unit',
          note: values['note'] ?? '',
          ...(refusing ? { refusal: { reason: values['refusalReason'] ?? '' } } : {}),
        });
        return intakeAtCounter(uc, input);
      });
      return await reply.redirect(`/dossiers/${state.id}?created=1`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed')
        return intakeForm(request, reply, values, fieldErrors(request.lang, error.fields), 400);
      throw error;
    }
  });

  app.get('/dossiers', async (request, reply) => {
    const auth = requireAuth(request);
    const query = request.query as Record<string, unknown>;
    const role = auth.actor.role;
    const filters: QueueFilter[] =
      role === 'specialist'
        ? ['mine', 'open', 'all']
        : role === 'leader'
          ? ['approval', 'open', 'all']
          : ['open', 'all'];
    const asked = typeof query['filter'] === 'string' ? query['filter'] : '';
    const filter: QueueFilter = (filters as string[]).includes(asked)
      ? (asked as QueueFilter)
      : (filters[0] ?? 'open');
    const items = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      listQueue(uc, {
        limit: 200,
        ...(filter === 'open' ? { open: true } : {}),
        ...(filter === 'mine' ? { assignedToMe: true, open: true } : {}),
        ...(filter === 'approval' ? { pendingApproval: true } : {}),
      }),
    );
    return html(
      reply,
      renderPage(
        <QueuePage
          page={pageContext(options, request, reply)}
          items={items}
          filter={filter}
          filters={filters}
        />,
      ),
    );
  });

  async function dossierPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: {
      notice?: string;
      errors: readonly { field: string; message: string }[];
      status: number;
    },
  ): Promise<FastifyReply> {
    const auth = requireAuth(request);
    const view = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      readDossier(uc, id),
    );
    const d = view.dossier;
    const subject = {
      unitCode: d.ownerUnitCode,
      provinceCode: services.node.provinceCode,
      assigneeId: d.assigneeId,
    };
    // A birth, death or marriage is accepted by registering it (its facts go in the register
    // book); once registered, the dossier links to its record.
    const civilKind = civilKinds.find((k) => civilProcedureCodes[k] === d.procedureCode);
    const record =
      civilKind === undefined
        ? undefined
        : await services.storage.db
            .selectFrom('civil_records')
            .select('id')
            .where('dossier_id', '=', d.id)
            .executeTakeFirst();
    const t = translator(request.lang);
    const civil =
      record !== undefined
        ? { href: `/civil/records/${record.id}`, label: t('civilPage.openRecord') }
        : civilKind !== undefined &&
            d.status === 'submitted_online' &&
            can(auth.actor, 'civil.register', subject)
          ? {
              href: `/civil/register/${civilKind}?fromDossier=${d.id}`,
              label: t('civilPage.registerFromOnline'),
            }
          : undefined;
    const actions = officerActions.filter(
      (a) =>
        can(auth.actor, `dossier.${a}`, subject) &&
        checkTransition(d, a) === null &&
        (a !== 'accept' || (d.status === 'submitted_online' && civilKind === undefined)),
    );
    const specialists = actions.includes('assign')
      ? (
          await services.storage.db
            .selectFrom('accounts')
            .select(['id', 'display_name'])
            .where('role', '=', 'specialist')
            .where('unit_code', '=', d.competentUnitCode)
            .where('active', '=', 1)
            .orderBy('display_name')
            .execute()
        ).map((s) => ({ id: s.id, name: s.display_name }))
      : [];
    return html(
      reply,
      renderPage(
        <DossierPage
          page={pageContext(options, request, reply)}
          view={view}
          actions={actions}
          specialists={specialists}
          errors={state.errors}
          unitName={unitName}
          {...(state.notice === undefined ? {} : { notice: state.notice })}
          {...(civil === undefined ? {} : { civil })}
        />,
      ),
      state.status,
    );
  }

  app.get('/dossiers/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const query = request.query as Record<string, unknown>;
    const t = translator(request.lang);
    let notice: string | undefined;
    if (query['created'] === '1' || typeof query['done'] === 'string') {
      const view = await runUseCase(
        services,
        requireAuth(request).actor,
        requestMeta(request),
        (uc) => readDossier(uc, id),
      );
      notice =
        query['created'] === '1'
          ? view.dossier.status === 'refused'
            ? t('dossier.refusedNotice', { code: view.dossier.code })
            : t('dossier.created', { code: view.dossier.code })
          : (officerActions as string[]).includes(String(query['done']))
            ? t('dossier.done', { action: t(`dossierAction.${query['done'] as OfficerAction}`) })
            : undefined;
    }
    return dossierPage(request, reply, id, {
      errors: [],
      status: 200,
      ...(notice === undefined ? {} : { notice }),
    });
  });

  for (const action of officerActions)
    app.post(`/dossiers/:id/${action.replaceAll('_', '-')}`, async (request, reply) => {
      const auth = requireAuth(request);
      const { id } = request.params as { id: string };
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        const input = parseInput(
          transitionInputs[action] as (typeof transitionInputs)['approve'],
          actionInput(action, body),
        );
        await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          transitionDossier(uc, id, action, input as never),
        );
        return await reply.redirect(`/dossiers/${id}?done=${action}`, 303);
      } catch (error) {
        if (
          error instanceof AppError &&
          (error.code === 'validation_failed' || error.code === 'transition_not_allowed')
        ) {
          const errors = [
            {
              field: 'main',
              message: formatMessage(
                request.lang,
                errorCatalogue[error.code].message,
                error.params,
              ),
            },
            ...Object.entries(fieldErrors(request.lang, error.fields)).map(([field, message]) => ({
              field,
              message,
            })),
          ];
          return dossierPage(request, reply, id, { errors, status: error.status });
        }
        throw error;
      }
    });

  app.get('/dossiers/:id/documents/:doc', async (request, reply) => {
    const auth = requireAuth(request);
    const { id, doc } = request.params as { id: string; doc: string };
    const number = /^(0[1-6])\.pdf$/.exec(doc)?.[1];
    if (number === undefined) throw new AppError('not_found');
    const view = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      readDossier(uc, id),
    );
    const pdf = await renderDossierDocument(services, view, number as '01', auth.displayName);
    if (pdf === null) throw new AppError('not_found');
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${view.dossier.code}-${number}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  app.get('/attachments/:hash', async (request, reply) => {
    const auth = requireAuth(request);
    const { hash } = request.params as { hash: string };
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new AppError('not_found');
    const row = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      readAttachment(uc, hash),
    );
    return reply
      .type(row.media_type)
      .header('content-disposition', 'inline')
      .header('cache-control', 'private, no-store')
      .send(row.content);
  });

  app.get('/tracking-book', async (request, reply) => {
    const auth = requireAuth(request);
    const query = request.query as Record<string, unknown>;
    const today = vietnamDate(services.clock());
    const from = typeof query['from'] === 'string' && query['from'] !== '' ? query['from'] : today;
    const to = typeof query['to'] === 'string' && query['to'] !== '' ? query['to'] : today;
    const input = parseInput(trackingBookInput, { from, to }, ['query']);
    const rows = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      readTrackingBook(uc, input),
    );
    return html(
      reply,
      renderPage(
        <TrackingBookPage
          page={pageContext(options, request, reply)}
          from={input.from}
          to={input.to}
          rows={rows}
        />,
      ),
    );
  });

  for (const format of ['csv', 'pdf'] as const)
    app.get(`/tracking-book.${format}`, async (request, reply) => {
      const auth = requireAuth(request);
      const query = request.query as Record<string, unknown>;
      const input = parseInput(trackingBookInput, { from: query['from'], to: query['to'] }, [
        'query',
      ]);
      const rows = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        readTrackingBook(uc, input),
      );
      const name = `so-theo-doi-${services.node.unitCode}-${input.from}-${input.to}.${format}`;
      void reply
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store');
      if (format === 'csv')
        return reply.type('text/csv; charset=utf-8').send(trackingBookCsv(services, rows, input));
      return reply.type('application/pdf').send(await renderTrackingBookPdf(services, rows, input));
    });

  app.get('/track', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const code = typeof query['code'] === 'string' ? query['code'] : '';
    return html(
      reply,
      renderPage(
        <TrackPage
          page={pageContext(options, request, reply)}
          code={code}
          citizenId=""
          errors={{}}
          result={null}
        />,
      ),
    );
  });

  app.post('/track', { config: trackLimit }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const code = formText(body, 'code')?.trim() ?? '';
    const citizenId = formText(body, 'citizenId')?.trim() ?? '';
    const page = pageContext(options, request, reply);
    try {
      const input = parseInput(trackInput, { code, citizenId });
      const result = await runUseCase(
        services,
        request.auth?.actor ?? null,
        requestMeta(request),
        (uc) => trackDossier(uc, input),
      );
      return await html(
        reply,
        renderPage(
          <TrackPage page={page} code={code} citizenId={citizenId} errors={{}} result={result} />,
        ),
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500 || error.status === 429) throw error;
      const errors =
        error.code === 'validation_failed' ? fieldErrors(request.lang, error.fields) : {};
      const alert =
        error.code === 'validation_failed'
          ? undefined
          : formatMessage(request.lang, errorCatalogue[error.code].message, error.params);
      return html(
        reply,
        renderPage(
          <TrackPage
            page={page}
            code={code}
            citizenId={citizenId}
            errors={errors}
            result={null}
            {...(alert === undefined ? {} : { alert })}
          />,
        ),
        error.status,
      );
    }
  });

  app.post('/track/rating', { config: trackLimit }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const code = formText(body, 'code')?.trim() ?? '';
    const citizenId = formText(body, 'citizenId')?.trim() ?? '';
    const page = pageContext(options, request, reply);
    const input = parseInput(rateInput, {
      code,
      citizenId,
      rating: formText(body, 'rating'),
      comment: formText(body, 'comment') ?? '',
    });
    const result = await runUseCase(
      services,
      request.auth?.actor ?? null,
      requestMeta(request),
      (uc) => rateDossier(uc, input),
    );
    return html(
      reply,
      renderPage(
        <TrackPage
          page={page}
          code={code}
          citizenId={citizenId}
          errors={{}}
          result={result}
          notice={page.t('track.thanks')}
        />,
      ),
    );
  });
}
