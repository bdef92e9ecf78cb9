// Public assets: the register page (with the forms to add an asset and report a need), one
// asset's page (edit), one need's page (settle), their CSV, and at the hub the province's
// overview with its two CSV tables. Every handler has the one shape: parse the form or query
// into the use case's input, run the use case, present it (or redirect after a change). A
// refused form comes back (400) with what was typed and the errors, and nothing is written.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  assetOverviewCsv,
  assetRegisterCsv,
  overviewTables,
} from '../../application/asset-tables.js';
import {
  assetInput,
  assetUpdateInput,
  needInput,
  overviewInput,
  readAsset,
  readAssetOverview,
  readAssetRegister,
  readFacilityNeed,
  registerAsset,
  registerQuery,
  reportFacilityNeed,
  resolveFacilityNeed,
  resolveInput,
  updateAsset,
  type AssetOverview,
  type AssetRegister,
} from '../../application/assets.js';
import { AppError } from '../../application/errors.js';
import { runUseCase } from '../../application/use-case.js';
import { parseInput } from '../../application/validation.js';
import { translator } from '../../i18n/messages.js';
import { requestMeta } from '../context.js';
import {
  AssetOverviewPage,
  AssetPage,
  AssetRegisterPage,
  NeedPage,
  assetFormOf,
  emptyAssetForm,
  emptyNeedForm,
  emptyResolveForm,
  type AssetFormValues,
  type NeedFormValues,
  type OverviewFormValues,
  type ResolveFormValues,
} from '../pages/assets.js';
import type { FieldErrors } from '../pages/form.js';
import { renderPage } from '../pages/layout.js';
import { fieldErrors, html, pageContext, requireAuth, type PageOptions } from './page-helpers.js';

const dones = ['registered', 'updated', 'reported', 'resolved'] as const;
const csvTable = z.strictObject({ table: z.enum(overviewTables) });

const textOf =
  (source: unknown) =>
  (key: string): string => {
    const value = (source ?? {}) as Record<string, unknown>;
    return typeof value[key] === 'string' ? value[key] : '';
  };

const isValidation = (error: unknown): error is AppError =>
  error instanceof AppError && error.code === 'validation_failed';

function assetFormFrom(body: unknown): AssetFormValues {
  const text = textOf(body);
  return {
    name: text('name'),
    kind: text('kind'),
    address: text('address'),
    formerUnit: text('formerUnit'),
    landArea: text('landArea'),
    floorArea: text('floorArea'),
    condition: text('condition'),
    use: text('use'),
    vacantSince: text('vacantSince'),
    notes: text('notes'),
    version: text('version'),
  };
}

const withoutVersion = ({ version: _version, ...rest }: AssetFormValues) => rest;

export function registerAssetPages(app: FastifyInstance, options: PageOptions): void {
  const { services } = options;
  const node = services.node;
  const communes = services.units
    .communeCodesOf(node.provinceCode)
    .map((code) => ({ code, name: services.units.unit(code)?.name ?? code }));
  const run = <T,>(request: FastifyRequest, fn: Parameters<typeof runUseCase<T>>[3]) =>
    runUseCase(services, requireAuth(request).actor, requestMeta(request), fn);

  async function registerPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: {
      unitCode: string;
      assetForm?: AssetFormValues;
      assetErrors?: FieldErrors;
      needForm?: NeedFormValues;
      needErrors?: FieldErrors;
      notice?: string;
    },
    status = 200,
  ) {
    let register: AssetRegister | null = null;
    let unitErrors: FieldErrors = {};
    try {
      const query = parseInput(
        registerQuery,
        state.unitCode === '' ? {} : { unitCode: state.unitCode },
      );
      register = await run(request, (uc) => readAssetRegister(uc, query));
    } catch (error) {
      if (!isValidation(error)) throw error;
      unitErrors = fieldErrors(request.lang, error.fields);
      status = error.status;
    }
    return html(
      reply,
      renderPage(
        <AssetRegisterPage
          page={pageContext(options, request, reply)}
          register={register}
          units={node.role === 'province' ? communes : null}
          unitCode={state.unitCode}
          unitErrors={unitErrors}
          assetForm={state.assetForm ?? emptyAssetForm}
          assetErrors={state.assetErrors ?? {}}
          needForm={state.needForm ?? emptyNeedForm}
          needErrors={state.needErrors ?? {}}
          {...(state.notice === undefined ? {} : { notice: state.notice })}
        />,
      ),
      status,
    );
  }

  const noticeOf = (request: FastifyRequest): string | undefined => {
    const done = textOf(request.query)('done');
    return (dones as readonly string[]).includes(done)
      ? translator(request.lang)(`assets.done.${done as (typeof dones)[number]}`)
      : undefined;
  };

  app.get('/assets', (request, reply) => {
    requireAuth(request);
    const notice = noticeOf(request);
    return registerPage(request, reply, {
      unitCode: textOf(request.query)('unitCode').trim(),
      ...(notice === undefined ? {} : { notice }),
    });
  });

  app.get('/assets.csv', async (request, reply) => {
    const unitCode = textOf(request.query)('unitCode').trim();
    const query = parseInput(registerQuery, unitCode === '' ? {} : { unitCode });
    const register = await run(request, (uc) => readAssetRegister(uc, query));
    return reply
      .header(
        'content-disposition',
        `attachment; filename="tai-san-cong-${register.scope.unitCode}-${register.today}.csv"`,
      )
      .header('cache-control', 'no-store')
      .type('text/csv; charset=utf-8')
      .send(assetRegisterCsv(register));
  });

  app.post('/assets', async (request, reply) => {
    requireAuth(request);
    const form = withoutVersion(assetFormFrom(request.body));
    try {
      const input = parseInput(assetInput, form);
      const asset = await run(request, (uc) => registerAsset(uc, input));
      return await reply.redirect(`/assets?done=registered#asset-${asset.id}`, 303);
    } catch (error) {
      if (!isValidation(error)) throw error;
      return registerPage(
        request,
        reply,
        { unitCode: '', assetForm: form, assetErrors: fieldErrors(request.lang, error.fields) },
        400,
      );
    }
  });

  app.post('/assets/needs', async (request, reply) => {
    requireAuth(request);
    const text = textOf(request.body);
    const form: NeedFormValues = {
      needKind: text('needKind'),
      areaNeeded: text('areaNeeded'),
      explanation: text('explanation'),
    };
    try {
      const input = parseInput(needInput, form);
      const need = await run(request, (uc) => reportFacilityNeed(uc, input));
      return await reply.redirect(`/assets?done=reported#need-${need.id}`, 303);
    } catch (error) {
      if (!isValidation(error)) throw error;
      return registerPage(
        request,
        reply,
        { unitCode: '', needForm: form, needErrors: fieldErrors(request.lang, error.fields) },
        400,
      );
    }
  });

  async function needPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: ResolveFormValues,
    errors: FieldErrors,
    status = 200,
  ) {
    const { need, canManage } = await run(request, (uc) => readFacilityNeed(uc, id));
    return html(
      reply,
      renderPage(
        <NeedPage
          page={pageContext(options, request, reply)}
          need={need}
          canManage={canManage}
          form={form}
          errors={errors}
        />,
      ),
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/assets/needs/:id', (request, reply) =>
    needPage(request, reply, request.params.id, emptyResolveForm, {}),
  );

  app.post<{ Params: { id: string } }>('/assets/needs/:id/resolve', async (request, reply) => {
    requireAuth(request);
    const id = request.params.id;
    const text = textOf(request.body);
    const form: ResolveFormValues = { resolution: text('resolution'), note: text('note') };
    try {
      const input = parseInput(resolveInput, form);
      await run(request, (uc) => resolveFacilityNeed(uc, id, input));
      return await reply.redirect(`/assets?done=resolved#need-${id}`, 303);
    } catch (error) {
      if (!isValidation(error)) throw error;
      return needPage(request, reply, id, form, fieldErrors(request.lang, error.fields), 400);
    }
  });

  async function assetPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: { form?: AssetFormValues; errors?: FieldErrors; notice?: string },
    status = 200,
  ) {
    const detail = await run(request, (uc) => readAsset(uc, id));
    const page = pageContext(options, request, reply);
    return html(
      reply,
      renderPage(
        <AssetPage
          page={page}
          detail={detail}
          form={state.form ?? assetFormOf(detail.asset, request.lang)}
          errors={state.errors ?? {}}
          {...(state.notice === undefined ? {} : { notice: state.notice })}
        />,
      ),
      status,
    );
  }

  app.get<{ Params: { id: string } }>('/assets/:id', (request, reply) => {
    const notice = noticeOf(request);
    return assetPage(request, reply, request.params.id, notice === undefined ? {} : { notice });
  });

  app.post<{ Params: { id: string } }>('/assets/:id', async (request, reply) => {
    requireAuth(request);
    const id = request.params.id;
    const form = assetFormFrom(request.body);
    try {
      const input = parseInput(assetUpdateInput, form);
      await run(request, (uc) => updateAsset(uc, id, input));
      return await reply.redirect(`/assets/${id}?done=updated`, 303);
    } catch (error) {
      if (!isValidation(error)) throw error;
      return assetPage(
        request,
        reply,
        id,
        { form, errors: fieldErrors(request.lang, error.fields) },
        400,
      );
    }
  });

  if (node.role !== 'province') return;

  // ── The province's overview (hub) ──
  const overviewFormOf = (request: FastifyRequest): OverviewFormValues => {
    const text = textOf(request.query);
    return {
      unitCode: text('unitCode').trim(),
      condition: text('condition').trim(),
      use: text('use').trim(),
    };
  };
  const overviewQuery = (form: OverviewFormValues) =>
    parseInput(
      overviewInput,
      Object.fromEntries(Object.entries(form).filter(([, value]) => value !== '')),
    );

  app.get('/assets/overview', async (request, reply) => {
    requireAuth(request);
    const form = overviewFormOf(request);
    let overview: AssetOverview | null = null;
    let errors: FieldErrors = {};
    let status = 200;
    try {
      const input = overviewQuery(form);
      overview = await run(request, (uc) => readAssetOverview(uc, input));
    } catch (error) {
      if (!isValidation(error)) throw error;
      errors = fieldErrors(request.lang, error.fields);
      status = error.status;
    }
    return html(
      reply,
      renderPage(
        <AssetOverviewPage
          page={pageContext(options, request, reply)}
          units={communes}
          form={form}
          errors={errors}
          overview={overview}
        />,
      ),
      status,
    );
  });

  app.get('/assets/overview.csv', async (request, reply) => {
    requireAuth(request);
    const form = overviewFormOf(request);
    const input = overviewQuery(form);
    const { table } = parseInput(csvTable, { table: textOf(request.query)('table') || 'assets' });
    const overview = await run(request, (uc) => readAssetOverview(uc, input));
    return reply
      .header(
        'content-disposition',
        `attachment; filename="tai-san-cong-${table === 'assets' ? 'can-xu-ly' : 'nhu-cau'}-${overview.province.unitCode}-${overview.today}.csv"`,
      )
      .header('cache-control', 'no-store')
      .type('text/csv; charset=utf-8')
      .send(assetOverviewCsv(overview, table));
  });
}
