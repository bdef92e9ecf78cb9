// The province dashboard (hub only): GET /admin/dashboard shows the page; with
// `?format=csv&table=…` it answers one of the page's tables as a CSV file. The handler's one
// shape: parse the query into the use case's input, run it, present it. A wrong month or unit
// is shown on the page next to its field (400), and nothing is read or written.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { currentMonth } from '../../application/civil-statistics.js';
import {
  dashboardInput,
  lateExportLimit,
  readDashboard,
  type Dashboard,
} from '../../application/dashboard.js';
import { dashboardCsv, dashboardTables } from '../../application/dashboard-tables.js';
import { AppError } from '../../application/errors.js';
import { runUseCase } from '../../application/use-case.js';
import { parseInput } from '../../application/validation.js';
import { requestMeta } from '../context.js';
import { DashboardPage, type DashboardForm } from '../pages/dashboard.js';
import type { FieldErrors } from '../pages/form.js';
import { renderPage } from '../pages/layout.js';
import { fieldErrors, html, pageContext, requireAuth, type PageOptions } from './page-helpers.js';

const csvInput = z.strictObject({ table: z.enum(dashboardTables) });

const queryText = (query: Record<string, unknown>, key: string): string => {
  const value = query[key];
  return typeof value === 'string' ? value.trim() : '';
};

export function registerDashboardPages(app: FastifyInstance, options: PageOptions): void {
  const { services } = options;
  const province = services.node.provinceCode;
  const communes = services.units
    .communeCodesOf(province)
    .map((code) => ({ code, name: services.units.unit(code)?.name ?? code }));
  const unitName = (code: string) => services.units.unit(code)?.name ?? code;

  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { form: DashboardForm; errors: FieldErrors; dashboard: Dashboard | null },
    status = 200,
  ) =>
    html(
      reply,
      renderPage(
        <DashboardPage page={pageContext(options, request, reply)} units={communes} {...state} />,
      ),
      status,
    );

  app.get('/admin/dashboard', async (request, reply) => {
    const auth = requireAuth(request);
    const query = request.query as Record<string, unknown>;
    const csv = queryText(query, 'format') === 'csv';
    const form: DashboardForm = {
      month: queryText(query, 'month') || currentMonth(services.clock()),
      unitCode: queryText(query, 'unitCode') || province,
      by: queryText(query, 'by') || 'week',
    };
    let dashboard: Dashboard;
    let table: z.output<typeof csvInput>['table'] = 'indicators';
    try {
      const input = parseInput(dashboardInput, form);
      if (csv) table = parseInput(csvInput, { table: queryText(query, 'table') }).table;
      dashboard = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        readDashboard(uc, input, csv ? { lateLimit: lateExportLimit } : {}),
      );
    } catch (error) {
      if (!csv && error instanceof AppError && error.code === 'validation_failed')
        return page(
          request,
          reply,
          { form, errors: fieldErrors(request.lang, error.fields), dashboard: null },
          error.status,
        );
      throw error;
    }
    if (!csv) return page(request, reply, { form, errors: {}, dashboard });
    const name = `bang-dieu-hanh-${table}-${dashboard.scope.unitCode}-${dashboard.month}.csv`;
    return reply
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .type('text/csv; charset=utf-8')
      .send(dashboardCsv(dashboard, table, unitName));
  });
}
