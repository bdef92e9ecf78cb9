// Staffing (nhân sự): GET /staffing shows a month's officers and workload (a commune) or the
// province's ranking (the hub); /staffing.csv downloads the page's main table; the hub's
// administrator sets an officer's field with POST /staffing/officers/:id/field. The handlers'
// one shape: parse the input, run the use case, present it. Bad input is shown beside its
// field (400) with what was chosen kept, and nothing is written.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentMonth } from '../../application/civil-statistics.js';
import { AppError } from '../../application/errors.js';
import { staffingData } from '../../application/officer-fields.js';
import {
  readStaffing,
  setOfficerField,
  setOfficerFieldInput,
  staffingCsv,
  staffingInput,
  type Staffing,
} from '../../application/staffing.js';
import { runUseCase } from '../../application/use-case.js';
import { parseInput } from '../../application/validation.js';
import { can } from '../../domain/permissions.js';
import { translator } from '../../i18n/messages.js';
import { requestMeta } from '../context.js';
import type { FieldErrors } from '../pages/form.js';
import { renderPage } from '../pages/layout.js';
import { StaffingPage, type FieldEdit, type StaffingForm } from '../pages/staffing.js';
import { fieldErrors, html, pageContext, requireAuth, type PageOptions } from './page-helpers.js';

const text = (values: Record<string, unknown>, key: string): string => {
  const value = values[key];
  return typeof value === 'string' ? value.trim() : '';
};

export function registerStaffingPages(app: FastifyInstance, options: PageOptions): void {
  const { services } = options;
  const node = services.node;
  const data = staffingData(services);
  const communes =
    node.role === 'province'
      ? services.units
          .communeCodesOf(node.provinceCode)
          .map((code) => ({ code, name: services.units.unit(code)?.name ?? code }))
      : null;

  /** Reads the month and renders the page; a bad month or unit is shown at its field. */
  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    asked: StaffingForm,
    extra: { edit?: FieldEdit; notice?: string; status?: number } = {},
  ) {
    const auth = requireAuth(request);
    let staffing: Staffing | null = null;
    let errors: FieldErrors = {};
    let status = extra.status ?? 200;
    try {
      const input = parseInput(staffingInput, {
        month: asked.month,
        ...(asked.unitCode === '' ? {} : { unitCode: asked.unitCode }),
      });
      staffing = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        readStaffing(uc, input),
      );
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'validation_failed')) throw error;
      errors = fieldErrors(request.lang, error.fields);
      status = error.status;
    }
    const canManage =
      node.role === 'province' &&
      can(auth.actor, 'staffing.manage', {
        unitCode: staffing?.scope.unitCode ?? node.unitCode,
        provinceCode: node.provinceCode,
      });
    return html(
      reply,
      renderPage(
        <StaffingPage
          page={pageContext(options, request, reply)}
          form={{ month: asked.month, unitCode: staffing?.scope.unitCode ?? asked.unitCode }}
          units={communes}
          errors={errors}
          staffing={staffing}
          data={data}
          canManage={canManage}
          {...(extra.edit === undefined ? {} : { edit: extra.edit })}
          {...(extra.notice === undefined ? {} : { notice: extra.notice })}
        />,
      ),
      status,
    );
  }

  const askedOf = (values: Record<string, unknown>): StaffingForm => ({
    month: text(values, 'month') || currentMonth(services.clock()),
    unitCode: text(values, 'unitCode'),
  });

  app.get('/staffing', (request, reply) =>
    show(request, reply, askedOf(request.query as Record<string, unknown>)),
  );

  app.get('/staffing.csv', async (request, reply) => {
    const auth = requireAuth(request);
    const asked = askedOf(request.query as Record<string, unknown>);
    const input = parseInput(
      staffingInput,
      { month: asked.month, ...(asked.unitCode === '' ? {} : { unitCode: asked.unitCode }) },
      ['query'],
    );
    const staffing = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
      readStaffing(uc, input),
    );
    const name = `nhan-su-${staffing.scope.unitCode}-${staffing.month}.csv`;
    return reply
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .type('text/csv; charset=utf-8')
      .send(staffingCsv(staffing, data));
  });

  app.post('/staffing/officers/:id/field', async (request, reply) => {
    const auth = requireAuth(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const accountId = (request.params as { id: string }).id;
    const chosen = text(body, 'field');
    const asked = askedOf(body);
    try {
      const input = parseInput(setOfficerFieldInput, {
        accountId,
        field: chosen === '' ? null : chosen,
      });
      const account = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        setOfficerField(uc, input),
      );
      return await show(request, reply, asked, {
        notice: translator(request.lang)('staffing.saved', { name: account.displayName }),
      });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'validation_failed')) throw error;
      const message =
        fieldErrors(request.lang, error.fields)['field'] ??
        Object.values(fieldErrors(request.lang, error.fields))[0] ??
        '';
      return show(request, reply, asked, {
        edit: { accountId, value: chosen, error: message },
        status: error.status,
      });
    }
  });
}
