// The citizen portal's routes: search, procedure, file online (with scans, the birth facts, and
// a volunteer's record of the citizen's consent), and the filer's page with the receipt and the
// fee's VietQR code. Handlers keep the fixed shape: read the form into the use case's input,
// run it, then redirect (after filing) or render the form again with every problem at its
// field and nothing lost of what was typed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { AppError, validationError, type FieldProblem } from '../../application/errors.js';
import {
  onlineSubmissionInput,
  storeAttachment,
  submitOnline,
} from '../../application/dossiers.js';
import {
  applicantIdProblems,
  filingReceipt,
  filingToken,
  filingTokenMatches,
  filingWithHistory,
  portalProcedure,
  portalToday,
  readFiling,
  searchCatalogue,
} from '../../application/portal.js';
import { runUseCase } from '../../application/use-case.js';
import { parseInput } from '../../application/validation.js';
import { attachmentLimits } from '../../domain/attachments.js';
import { civilProcedureCodes } from '../../domain/civil-status.js';
import type { ProcedureVersion } from '../../domain/procedures.js';
import type { AppOptions } from '../app.js';
import { requestMeta } from '../context.js';
import type { FieldErrors } from '../pages/form.js';
import { renderPage } from '../pages/layout.js';
import {
  FiledPage,
  FilingFormPage,
  PortalHomePage,
  ProcedurePage,
  type FilingMode,
} from '../pages/portal.js';
import { registrationFromForm } from './civil-pages.js';
import { fieldErrors, html, pageContext } from './page-helpers.js';

type Options = Pick<
  AppOptions,
  'services' | 'units' | 'version' | 'cookieSecret' | 'trackLookupsPerMinute' | 'syncStatus'
>;

type Delivery = 'receiving_unit' | 'competent_unit' | 'post' | 'electronic';

/** The form's text fields as posted (files and the CSRF token left out). */
function textValues(body: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const first = Array.isArray(v) ? (v as unknown[])[0] : v;
    if (typeof first === 'string' && k !== '_csrf') values[k] = first;
  }
  return values;
}

function optional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** The birth facts typed on the portal, as civilDraftInput takes them. */
function birthDraft(values: Record<string, string>): Record<string, unknown> {
  const civil: Record<string, string> = {};
  for (const [k, v] of Object.entries(values))
    if (k.startsWith('civil.')) civil[k.slice('civil.'.length)] = v;
  const { facts } = registrationFromForm('birth', civil);
  return {
    kind: 'birth',
    facts,
    declarant: {
      fullName: values['applicant.fullName'] ?? '',
      citizenId: values['applicant.citizenId'] ?? '',
      relationship: civil['declarant.relationship'] ?? '',
    },
    interlinked: [],
  };
}

export function registerPortalPages(app: FastifyInstance, options: Options): void {
  const { services, units } = options;
  const db = services.storage.db;
  const hub = services.node.role === 'province';
  const collator = new Intl.Collator('vi');
  const unitName = (code: string) => units.unit(code)?.name ?? code;
  // Filings are rate-limited per address like tracking lookups; scans may reach the
  // attachment limit, and one byte more is read so that an oversize file is a field error.
  const filingConfig = {
    rateLimit: { max: options.trackLookupsPerMinute ?? 20, timeWindow: '1 minute' },
    multipartOptions: {
      throwFileSizeLimit: false,
      limits: { fileSize: attachmentLimits.maxBytes + 1, files: 20 },
    },
  };

  async function procedureOr404(code: string): Promise<ProcedureVersion> {
    const procedure = await portalProcedure(db, code, portalToday(services));
    if (procedure === undefined) throw new AppError('not_found');
    return procedure;
  }

  /** The units a filing may be for: the province's communes at the hub, this one elsewhere. */
  function competentUnits(p: ProcedureVersion): { code: string; name: string }[] {
    const province = services.node.provinceCode;
    if (p.level === 'province') return [{ code: province, name: unitName(province) }];
    const here = services.node.unitCode;
    if (!hub && !p.nonTerritorial) return [{ code: here, name: unitName(here) }];
    return units
      .communesOf(province)
      .map((c) => ({ code: c.code, name: c.name }))
      .sort((a, b) =>
        !hub && a.code === here
          ? -1
          : !hub && b.code === here
            ? 1
            : collator.compare(a.name, b.name),
      );
  }

  const deliveries: readonly Delivery[] = hub
    ? ['competent_unit', 'post', 'electronic']
    : ['receiving_unit', 'post', 'electronic'];

  function modeOf(request: FastifyRequest): FilingMode {
    const auth = request.auth;
    if (auth?.actor.role === 'volunteer') return { kind: 'volunteer', name: auth.displayName };
    if (auth?.actor.role === 'citizen') return { kind: 'citizen', name: auth.displayName };
    return { kind: 'anonymous' };
  }

  function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    procedure: ProcedureVersion,
    state: { values: Record<string, string>; errors: FieldErrors; filesLost: boolean },
    status: number,
  ): FastifyReply {
    const mode = modeOf(request);
    const unitsHere = competentUnits(procedure);
    const values = {
      resultDelivery: deliveries[0] ?? 'competent_unit',
      ...(unitsHere.length === 1 ? { competentUnitCode: unitsHere[0]?.code ?? '' } : {}),
      ...state.values,
    };
    return html(
      reply,
      renderPage(
        <FilingFormPage
          page={pageContext(options, request, reply)}
          procedure={procedure}
          units={unitsHere}
          deliveries={deliveries}
          values={values}
          errors={state.errors}
          mode={mode}
          birthFacts={procedure.code === civilProcedureCodes.birth}
          filesLost={state.filesLost}
          today={portalToday(services)}
        />,
      ),
      status,
    );
  }

  app.get('/portal', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const q = typeof query['q'] === 'string' ? query['q'].trim().slice(0, 200) : '';
    const { total, hits } = await searchCatalogue(db, q, portalToday(services));
    return html(
      reply,
      renderPage(
        <PortalHomePage
          page={pageContext(options, request, reply)}
          query={q}
          total={total}
          hits={hits}
        />,
      ),
    );
  });

  app.get('/portal/procedures/:code', async (request, reply) => {
    const { code } = request.params as { code: string };
    const procedure = await procedureOr404(code);
    return html(
      reply,
      renderPage(
        <ProcedurePage
          page={pageContext(options, request, reply)}
          procedure={procedure}
          communes={units.communesOf(services.node.provinceCode).length}
        />,
      ),
    );
  });

  app.get('/portal/procedures/:code/file', async (request, reply) => {
    const { code } = request.params as { code: string };
    const procedure = await procedureOr404(code);
    if (procedure.channels.online === 'none')
      return reply.redirect(`/portal/procedures/${procedure.code}`, 303);
    const mode = modeOf(request);
    const values: Record<string, string> =
      mode.kind === 'citizen' ? { 'applicant.fullName': mode.name } : {};
    return formPage(request, reply, procedure, { values, errors: {}, filesLost: false }, 200);
  });

  app.post('/portal/procedures/:code/file', { config: filingConfig }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const procedure = await procedureOr404(code);
    if (procedure.channels.online === 'none') throw new AppError('not_found');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = textValues(body);
    const files = procedure.components.map((_, i) => body[`components.${i}.file`]);
    const filesSent = files.some((f) => Buffer.isBuffer(f) && f.length > 0);
    const birth = procedure.code === civilProcedureCodes.birth;
    const actor = request.auth?.actor ?? null;
    try {
      const state = await runUseCase(services, actor, requestMeta(request), async (uc) => {
        // Every scan is checked first, so that an oversize or unreadable file is reported
        // with the other problems; the whole filing is rolled back if anything is wrong.
        const fileProblems: FieldProblem[] = [];
        const components = [];
        for (const [i, c] of procedure.components.entries()) {
          const file = files[i];
          const attachments: string[] = [];
          const given = Buffer.isBuffer(file) && file.length > 0;
          if (given)
            try {
              attachments.push((await storeAttachment(uc, file, 'dossier.submit_online')).hash);
            } catch (error) {
              if (!(error instanceof AppError) || error.fields.length === 0) throw error;
              fileProblems.push(
                ...error.fields.map((f) => ({ ...f, field: `components.${i}.file` })),
              );
            }
          components.push({
            code: c.code,
            // The birth's declaration is the e-form itself.
            provided: given || (birth && c.code === 'to_khai'),
            reusedFromData: values[`components.${i}.reusedFromData`] === 'on',
            attachments,
          });
        }
        const dateOfBirth = optional(values['applicant.dateOfBirth']);
        const phone = optional(values['applicant.phone']);
        const address = optional(values['applicant.address']);
        let filed;
        try {
          const input = parseSubmission({
            procedureCode: procedure.code,
            competentUnitCode: values['competentUnitCode'] ?? '',
            applicant: {
              fullName: values['applicant.fullName'] ?? '',
              citizenId: values['applicant.citizenId'] ?? '',
              ...(dateOfBirth === undefined ? {} : { dateOfBirth }),
              ...(phone === undefined ? {} : { phone }),
              ...(address === undefined ? {} : { address }),
            },
            components,
            exemptions: Object.keys(values)
              .filter((k) => k.startsWith('exemption-') && values[k] === 'on')
              .map((k) => k.slice('exemption-'.length)),
            copies: Number(values['copies'] ?? '0') || 0,
            resultDelivery: values['resultDelivery'] ?? deliveries[0],
            ...(actor?.role === 'volunteer'
              ? {
                  assistance: {
                    consent: values['assistance.consent'] === 'on',
                    method: values['assistance.method'] ?? 'in_person_id_shown',
                  },
                }
              : {}),
            ...(birth ? { civil: birthDraft(values) } : {}),
          });
          filed = await submitOnline(uc, input);
        } catch (error) {
          if (error instanceof AppError && error.code === 'validation_failed')
            throw validationError([
              ...fileProblems,
              // The declarant is the applicant, whose own fields carry those problems.
              ...error.fields.filter(
                (f) => !/^civil\.declarant\.(fullName|citizenId)$/.test(f.field),
              ),
            ]);
          throw error;
        }
        if (fileProblems.length > 0) throw validationError(fileProblems);
        return filed;
      });
      const token = filingToken(options.cookieSecret, state.code);
      return await reply.redirect(
        `/portal/filed/${encodeURIComponent(state.code)}?k=${token}`,
        303,
      );
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      const errors = { ...fieldErrors(request.lang, error.fields) };
      // An unchosen commune reads as a missing answer, not as a malformed code.
      if ((values['competentUnitCode'] ?? '') === '' && errors['competentUnitCode'] !== undefined)
        errors['competentUnitCode'] = fieldErrors(request.lang, [
          { field: 'competentUnitCode', reason: 'required', message: 'field.required' },
        ])['competentUnitCode'] as string;
      return formPage(request, reply, procedure, { values, errors, filesLost: filesSent }, 400);
    }
  });

  /**
   * The schema's problems, with the ID number's own checks when they did not run (they need
   * the province list and today's date, so the use case makes them): every mistake at once.
   */
  function parseSubmission(
    raw: Record<string, unknown> & {
      applicant: Record<string, unknown> & { citizenId: string };
    },
  ): ReturnType<typeof onlineSubmissionInput.parse> {
    try {
      return parseInput(onlineSubmissionInput, raw);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation_failed') throw error;
      const idProblems = error.fields.some((f) => f.field === 'applicant.citizenId')
        ? []
        : applicantIdProblems(services, raw.applicant.citizenId);
      throw validationError([...error.fields, ...idProblems]);
    }
  }

  function checkToken(request: FastifyRequest, code: string): void {
    const query = request.query as Record<string, unknown>;
    const token = typeof query['k'] === 'string' ? query['k'] : '';
    if (!filingTokenMatches(options.cookieSecret, code, token)) throw new AppError('not_found');
  }

  app.get('/portal/filed/:code', async (request, reply) => {
    const { code } = request.params as { code: string };
    checkToken(request, code);
    const view = await runUseCase(
      services,
      request.auth?.actor ?? null,
      requestMeta(request),
      (uc) => readFiling(uc, code),
    );
    const qrSvg =
      view.payment === null
        ? null
        : await QRCode.toString(view.payment.payload, {
            type: 'svg',
            errorCorrectionLevel: 'M',
            margin: 4,
          });
    return html(
      reply,
      renderPage(
        <FiledPage
          page={pageContext(options, request, reply)}
          view={view}
          token={filingToken(options.cookieSecret, code)}
          unitName={unitName(view.dossier.competentUnitCode)}
          qrSvg={qrSvg}
        />,
      ),
    );
  });

  app.get('/portal/filed/:code/receipt.pdf', async (request, reply) => {
    const { code } = request.params as { code: string };
    checkToken(request, code);
    const view = await runUseCase(
      services,
      request.auth?.actor ?? null,
      requestMeta(request),
      (uc) => filingWithHistory(uc, code),
    );
    const pdf = await filingReceipt(services, view);
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${code}-01.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}
