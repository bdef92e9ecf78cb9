// The civil-status pages: the registers' home and search, the registration forms, the record
// page (history, papers, copies, corrections), the register books, and the public verification
// page. Form fields are named by their path in the use case's input ("facts.child.fullName"),
// so a field problem lands next to the field it is about.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { certificatePdf, copiesPdf } from '../../application/civil-documents.js';
import {
  civilDraftOf,
  closeBooks,
  closeInput,
  listOnlineFilings,
  copiesInput,
  correctInput,
  correctRecord,
  listBooks,
  openBook,
  openBookInput,
  readBook,
  readRecord,
  registerCivil,
  registerInput,
  searchInput,
  searchRecords,
  type SearchHit,
} from '../../application/civil-status.js';
import { AppError } from '../../application/errors.js';
import { verifyCertificate } from '../../application/seal.js';
import { runUseCase } from '../../application/use-case.js';
import { parseInput } from '../../application/validation.js';
import {
  civilKinds,
  civilProcedureCodes,
  civilRulesOn,
  formatBook,
  type CivilKind,
} from '../../domain/civil-status.js';
import { vietnamDate } from '../../domain/dossiers.js';
import { can } from '../../domain/permissions.js';
import { translator } from '../../i18n/messages.js';
import type { AppOptions } from '../app.js';
import { requestMeta } from '../context.js';
import {
  BookPage,
  BooksPage,
  CivilHomePage,
  RecordPage,
  RegistrationFormPage,
  VerifyPage,
  type FormValues,
} from '../pages/civil.js';
import type { FieldErrors } from '../pages/form.js';
import { renderPage } from '../pages/layout.js';
import { fieldErrors, html, pageContext, requireAuth } from './page-helpers.js';

type Options = Pick<AppOptions, 'services' | 'units' | 'version' | 'secureCookies' | 'syncStatus'>;

/** The form's string fields, as posted (the CSRF token left out). */
function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>))
    if (typeof v === 'string' && k !== '_csrf') values[k] = v;
  return values;
}

/** Sets `value` at a dotted path of `target`. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (typeof next !== 'object' || next === null) at[part] = {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts.at(-1) ?? path] = value;
}

/** The fields under `prefix.`, or null when every one of them is empty (an unknown parent). */
function group(values: FormValues, prefix: string): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [k, v] of Object.entries(values))
    if (k.startsWith(`${prefix}.`) && v !== undefined) {
      setPath(out, k.slice(prefix.length + 1), v);
      if (v.trim() !== '' && !['ethnicity', 'nationality'].some((d) => k.endsWith(d))) any = true;
    }
  return any ? out : null;
}

/** A registration form as the use case's input. */
export function registrationFromForm(kind: CivilKind, values: FormValues): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  if (kind === 'birth') {
    facts['child'] = group(values, 'facts.child') ?? {};
    facts['mother'] = group(values, 'facts.mother');
    facts['father'] = group(values, 'facts.father');
    facts['evidence'] = values['facts.evidence'] ?? 'birth_notice';
  } else if (kind === 'death') {
    facts['deceased'] = group(values, 'facts.deceased') ?? {};
    for (const k of ['dateOfDeath', 'timeOfDeath', 'placeOfDeath', 'cause'])
      facts[k] = values[`facts.${k}`] ?? '';
    facts['deathNotice'] = group(values, 'facts.deathNotice');
  } else {
    facts['husband'] = group(values, 'facts.husband') ?? {};
    facts['wife'] = group(values, 'facts.wife') ?? {};
    facts['presence'] = {
      husband: values['facts.presence.husband'] === 'on',
      wife: values['facts.presence.wife'] === 'on',
    };
  }
  const declarant = group(values, 'declarant');
  const reference = values['payment.reference']?.trim() ?? '';
  const phone = values['phone']?.trim() ?? '';
  const signerId = values['signerId'] ?? '';
  return {
    kind,
    facts,
    ...(declarant === null ? {} : { declarant }),
    ...(phone === '' ? {} : { phone }),
    exemptions: Object.keys(values)
      .filter((k) => k.startsWith('exemption-') && values[k] === 'on')
      .map((k) => k.slice('exemption-'.length)),
    copies: Number(values['copies'] ?? '0') || 0,
    ...(reference === ''
      ? {}
      : { payment: { method: values['paymentMethod'] ?? 'cash', reference } }),
    ...(signerId === '' ? {} : { signerId }),
    interlinked: Object.keys(values)
      .filter((k) => k.startsWith('interlinked-') && values[k] === 'on')
      .map((k) => k.slice('interlinked-'.length)),
    note: values['note'] ?? '',
    ...(values['fromDossierId'] === undefined || values['fromDossierId'] === ''
      ? {}
      : { fromDossierId: values['fromDossierId'] }),
  };
}

/** A filed draft as the form's values: dotted paths, checked boxes as "on". */
export function draftValues(draft: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      if (path === 'interlinked') for (const s of value) values[`interlinked-${String(s)}`] = 'on';
      return;
    }
    if (value === null || value === undefined) return;
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`);
      return;
    }
    if (typeof value === 'boolean') {
      if (value) values[path] = 'on';
      return;
    }
    if (typeof value === 'string' || typeof value === 'number') values[path] = String(value);
  };
  walk(draft, '');
  delete values['kind'];
  return values;
}

export function registerCivilPages(app: FastifyInstance, options: Options): void {
  const { services } = options;
  const here = () => ({
    unitCode: services.node.unitCode,
    provinceCode: services.node.provinceCode,
  });

  app.get('/civil', async (request, reply) => {
    const auth = requireAuth(request);
    const query = request.query as Record<string, unknown>;
    const values: Record<string, string> = {};
    for (const k of ['q', 'dateOfBirth', 'citizenId', 'kind'])
      if (typeof query[k] === 'string') values[k] = query[k];
    const searched = Object.values(values).some((v) => v.trim() !== '');
    const canRegister =
      services.node.role === 'commune' && can(auth.actor, 'civil.register', here());
    const waiting = canRegister
      ? await runUseCase(services, auth.actor, requestMeta(request), (uc) => listOnlineFilings(uc))
      : [];
    let hits: SearchHit[] = [];
    let errors: FieldErrors = {};
    let status = 200;
    try {
      if (searched) {
        const input = parseInput(searchInput, values);
        hits = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          searchRecords(uc, input),
        );
      } else if (!can(auth.actor, 'civil.search', here())) throw new AppError('forbidden');
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      errors = fieldErrors(request.lang, error.fields);
      status = 400;
    }
    return html(
      reply,
      renderPage(
        <CivilHomePage
          page={pageContext(options, request, reply)}
          query={values}
          hits={hits}
          errors={errors}
          searched={searched}
          canRegister={canRegister}
          waiting={waiting}
        />,
      ),
      status,
    );
  });

  async function registrationForm(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: CivilKind,
    values: FormValues,
    errors: FieldErrors,
    status: number,
  ): Promise<FastifyReply> {
    const today = vietnamDate(services.clock());
    const rules = civilRulesOn(today);
    const db = services.storage.db;
    const procedure = await services.desk.procedureInForce(db, civilProcedureCodes[kind], today);
    const copy = await services.desk.procedureInForce(db, civilProcedureCodes.copy, today);
    const leaders = await db
      .selectFrom('accounts')
      .select(['id', 'display_name'])
      .where('unit_code', '=', services.node.unitCode)
      .where('role', '=', 'leader')
      .where('active', '=', 1)
      .orderBy('username')
      .execute();
    return html(
      reply,
      renderPage(
        <RegistrationFormPage
          page={pageContext(options, request, reply)}
          kind={kind}
          values={values}
          errors={errors}
          options={{
            today,
            birthWindowDays: rules.birthWindowDays,
            deathWindowDays: rules.deathWindowDays,
            marriageMinAge: rules.marriageMinAge,
            lateFeeVnd: procedure?.fee({ exemptions: [], late: true, copies: 0 }).totalVnd ?? 0,
            copyFeeVnd: copy?.fee({ exemptions: [], late: false, copies: 1 }).totalVnd ?? 0,
            exemptions: procedure?.exemptions ?? [],
            leaders: leaders.map((l) => ({ id: l.id, name: l.display_name })),
          }}
        />,
      ),
      status,
    );
  }

  const kindOf = (request: FastifyRequest): CivilKind => {
    const kind = (request.params as { kind?: string }).kind ?? '';
    if (!(civilKinds as readonly string[]).includes(kind)) throw new AppError('not_found');
    return kind as CivilKind;
  };

  app.get('/civil/register/:kind', async (request, reply) => {
    const auth = requireAuth(request);
    const kind = kindOf(request);
    if (services.node.role !== 'commune' || !can(auth.actor, 'civil.register', here()))
      throw new AppError('forbidden');
    const query = request.query as Record<string, unknown>;
    const from = typeof query['fromDossier'] === 'string' ? query['fromDossier'] : '';
    if (from === '') return registrationForm(request, reply, kind, {}, {}, 200);
    // Filed online: the form opens with what the citizen gave, nothing to re-type.
    const { dossier, draft } = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      civilDraftOf(uc, from),
    );
    return registrationForm(
      request,
      reply,
      kind,
      {
        ...(draft === null ? {} : draftValues(draft)),
        fromDossierId: dossier.id,
        fromCode: dossier.code,
      },
      {},
      200,
    );
  });

  app.post('/civil/register/:kind', async (request, reply) => {
    const auth = requireAuth(request);
    const kind = kindOf(request);
    const values = formValues(request.body);
    try {
      const registration = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        registerCivil(uc, parseInput(registerInput, registrationFromForm(kind, values))),
      );
      return await reply.redirect(`/civil/records/${registration.record.id}?registered=1`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed')
        return registrationForm(
          request,
          reply,
          kind,
          values,
          fieldErrors(request.lang, error.fields),
          400,
        );
      throw error;
    }
  });

  async function recordPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: { notice?: string; errors?: FieldErrors; values?: FormValues; status?: number },
  ): Promise<FastifyReply> {
    const auth = requireAuth(request);
    const view = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      readRecord(uc, id),
    );
    const unit = { unitCode: view.record.unitCode, provinceCode: services.node.provinceCode };
    const held = view.record.unitCode === services.node.unitCode;
    return html(
      reply,
      renderPage(
        <RecordPage
          page={pageContext(options, request, reply)}
          view={view}
          errors={state.errors ?? {}}
          values={state.values ?? {}}
          can={{
            correct: held && can(auth.actor, 'civil.correct', unit),
            copy: held && can(auth.actor, 'civil.copy', unit),
          }}
          {...(state.notice === undefined ? {} : { notice: state.notice })}
        />,
      ),
      state.status ?? 200,
    );
  }

  app.get('/civil/records/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const query = request.query as Record<string, unknown>;
    const t = translator(request.lang);
    if (query['registered'] === '1' || query['corrected'] === '1') {
      const auth = requireAuth(request);
      const view = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        readRecord(uc, id),
      );
      const book = formatBook(view.record.book.bookNo, view.record.book.year);
      return recordPage(request, reply, id, {
        notice:
          query['registered'] === '1'
            ? t('civilPage.registered', { number: view.record.number, book })
            : t('civilPage.corrected_notice'),
      });
    }
    return recordPage(request, reply, id, {});
  });

  app.get('/civil/records/:id/certificate.pdf', async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    const pdf = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      certificatePdf(uc, id),
    );
    return reply
      .type('application/pdf')
      .header('cache-control', 'no-store')
      .header('content-disposition', `inline; filename="ho-tich-${id}.pdf"`)
      .send(pdf);
  });

  app.post('/civil/records/:id/copies', async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    const values = formValues(request.body);
    const reference = values['payment.reference']?.trim() ?? '';
    try {
      const { pdf } = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        copiesPdf(
          uc,
          id,
          parseInput(copiesInput, {
            copies: values['copies'] ?? '',
            requestedBy: values['requestedBy'] ?? '',
            ...(reference === '' ? {} : { payment: { method: 'cash', reference } }),
          }),
        ),
      );
      return await reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="ban-sao-${id}.pdf"`)
        .send(pdf);
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed')
        return recordPage(request, reply, id, {
          errors: fieldErrors(request.lang, error.fields),
          values,
          status: 400,
        });
      throw error;
    }
  });

  app.post('/civil/records/:id/corrections', async (request, reply) => {
    const auth = requireAuth(request);
    const { id } = request.params as { id: string };
    const values = formValues(request.body);
    try {
      await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        correctRecord(
          uc,
          id,
          parseInput(correctInput, {
            type: values['type'] ?? 'correction',
            changes: [{ path: values['changes.0.path'] ?? '', to: values['changes.0.to'] ?? '' }],
            reason: values['reason'] ?? '',
            legalBasis: values['legalBasis'] ?? '',
          }),
        ),
      );
      return await reply.redirect(`/civil/records/${id}?corrected=1`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed')
        return recordPage(request, reply, id, {
          errors: fieldErrors(request.lang, error.fields),
          values,
          status: 400,
        });
      throw error;
    }
  });

  async function booksPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { errors?: FieldErrors; values?: FormValues; status?: number; notice?: string },
  ): Promise<FastifyReply> {
    const auth = requireAuth(request);
    const books = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      listBooks(uc),
    );
    return html(
      reply,
      renderPage(
        <BooksPage
          page={pageContext(options, request, reply)}
          books={books}
          errors={state.errors ?? {}}
          values={state.values ?? { year: vietnamDate(services.clock()).slice(0, 4) }}
          canManage={
            services.node.role === 'commune' && can(auth.actor, 'civil.book_manage', here())
          }
          {...(state.notice === undefined ? {} : { notice: state.notice })}
        />,
      ),
      state.status ?? 200,
    );
  }

  app.get('/civil/books', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    return booksPage(
      request,
      reply,
      query['done'] === '1' ? { notice: translator(request.lang)('civilPage.bookDone') } : {},
    );
  });

  for (const [path, schema, run] of [
    ['/civil/books', openBookInput, openBook],
    ['/civil/books/close', closeInput, closeBooks],
  ] as const)
    app.post(path, async (request, reply) => {
      const auth = requireAuth(request);
      const values = formValues(request.body);
      const input =
        path === '/civil/books/close'
          ? {
              year: values['year'] ?? '',
              reason: values['reason'] ?? '',
              ...(values['kind'] === undefined || values['kind'] === ''
                ? {}
                : { kind: values['kind'] }),
            }
          : {
              kind: values['kind'] ?? '',
              year: values['year'] ?? '',
              bookNo: values['bookNo'] ?? '',
              firstNumber: values['firstNumber'] ?? '',
              note: values['note'] ?? '',
            };
      try {
        await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          (run as (uc: unknown, input: unknown) => Promise<unknown>)(uc, parseInput(schema, input)),
        );
        return await reply.redirect('/civil/books?done=1', 303);
      } catch (error) {
        if (error instanceof AppError && error.code === 'validation_failed')
          return booksPage(request, reply, {
            errors: fieldErrors(request.lang, error.fields),
            values,
            status: 400,
          });
        throw error;
      }
    });

  app.get('/civil/books/:kind/:year/:bookNo', async (request, reply) => {
    const auth = requireAuth(request);
    const kind = kindOf(request);
    const params = request.params as { year: string; bookNo: string };
    const year = Number(params.year);
    const bookNo = Number(params.bookNo);
    if (!Number.isInteger(year) || !Number.isInteger(bookNo)) throw new AppError('not_found');
    const { book, entries } = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      readBook(uc, { kind, year, bookNo }),
    );
    return html(
      reply,
      renderPage(
        <BookPage page={pageContext(options, request, reply)} book={book} entries={entries} />,
      ),
    );
  });

  // Public: anyone holding a certificate checks it here, on the hub or any commune node.
  app.get('/verify', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const scanned = typeof query['c'] === 'string' ? query['c'].slice(0, 4000) : '';
    const check = await runUseCase(
      services,
      request.auth?.actor ?? null,
      requestMeta(request),
      (uc) => verifyCertificate(uc, scanned),
    );
    return html(
      reply,
      renderPage(
        <VerifyPage
          page={pageContext(options, request, reply)}
          scanned={scanned}
          check={check}
          unitName={(code) => options.units.unit(code)?.name ?? code}
        />,
      ),
    );
  });
}
