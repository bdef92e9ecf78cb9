// The reports: GET /reports lists the templates with the month and unit chooser; for each
// template of domain/reports.ts, GET /reports/<template> shows its report for `?month=&unit=`,
// and `.csv` (one table, `?section=`) and `.pdf` answer the same figures as files. One handler
// shape: parse the query into the use case's input, run it, present it. A wrong month or unit
// is shown on the page next to its field (400), and nothing is read or written.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { currentMonth } from '../../application/civil-statistics.js';
import { AppError, validationError } from '../../application/errors.js';
import {
  readReport,
  reportChoices,
  reportDocument,
  reportExportLimit,
  reportInput,
  reportPageLimit,
  type ReportChoices,
} from '../../application/reports.js';
import { runUseCase } from '../../application/use-case.js';
import { parseInput } from '../../application/validation.js';
import { reportTemplates, type ReportTemplateId } from '../../domain/reports.js';
import { renderReport, reportSectionCsv, type ReportSheet } from '../../documents/report-sheet.js';
import { requestMeta } from '../context.js';
import type { FieldErrors } from '../pages/form.js';
import { renderPage } from '../pages/layout.js';
import { ReportPage, ReportsIndexPage, type ReportForm } from '../pages/reports.js';
import { fieldErrors, html, pageContext, requireAuth, type PageOptions } from './page-helpers.js';

type Format = 'html' | 'csv' | 'pdf';

const queryText = (query: Record<string, unknown>, key: string): string => {
  const value = query[key];
  return typeof value === 'string' ? value.trim() : '';
};

export function registerReportPages(app: FastifyInstance, options: PageOptions): void {
  const { services } = options;

  const formOf = (request: FastifyRequest): ReportForm => {
    const query = request.query as Record<string, unknown>;
    return {
      month: queryText(query, 'month') || currentMonth(services.clock()),
      unit: queryText(query, 'unit'),
    };
  };

  app.get('/reports', async (request, reply) => {
    const auth = requireAuth(request);
    const choices = await runUseCase(services, auth.actor, requestMeta(request), async (uc) =>
      reportChoices(uc),
    );
    return html(
      reply,
      renderPage(
        <ReportsIndexPage
          page={pageContext(options, request, reply)}
          form={formOf(request)}
          choices={choices}
        />,
      ),
    );
  });

  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: {
      template: ReportTemplateId;
      form: ReportForm;
      choices: ReportChoices;
      errors: FieldErrors;
      sheet: ReportSheet | null;
    },
    status = 200,
  ) =>
    html(
      reply,
      renderPage(
        <ReportPage
          page={pageContext(options, request, reply)}
          exportLimit={reportExportLimit}
          {...state}
        />,
      ),
      status,
    );

  async function handle(
    request: FastifyRequest,
    reply: FastifyReply,
    template: ReportTemplateId,
    format: Format,
  ) {
    const auth = requireAuth(request);
    const form = formOf(request);
    const section = queryText(request.query as Record<string, unknown>, 'section');
    let choices: ReportChoices | null = null;
    let sheet: ReportSheet;
    try {
      [choices, sheet] = await runUseCase(
        services,
        auth.actor,
        requestMeta(request),
        async (uc) => {
          const input = parseInput(reportInput, {
            month: form.month,
            ...(form.unit === '' ? {} : { unit: form.unit }),
          });
          const read = await readReport(uc, template, input, {
            limit: format === 'html' ? reportPageLimit : reportExportLimit,
          });
          // An unknown table is refused in the same transaction: the read is not kept as done.
          if (format === 'csv' && section !== '' && !read.sections.some((s) => s.id === section))
            throw validationError([
              {
                field: 'section',
                reason: 'invalid_option',
                message: 'field.invalid_option',
                params: { options: read.sections.map((s) => s.id).join(', ') },
              },
            ]);
          return [reportChoices(uc), read] as const;
        },
      );
    } catch (error) {
      if (format === 'html' && error instanceof AppError && error.code === 'validation_failed') {
        choices ??= await runUseCase(services, auth.actor, requestMeta(request), async (uc) =>
          reportChoices(uc),
        );
        return page(
          request,
          reply,
          { template, form, choices, errors: fieldErrors(request.lang, error.fields), sheet: null },
          error.status,
        );
      }
      throw error;
    }
    if (format === 'html')
      return page(request, reply, { template, form, choices, errors: {}, sheet });
    const chosen = sheet.sections.find((s) => s.id === section) ?? sheet.sections[0];
    const name = `bao-cao-${template}-${sheet.scope.unitCode}-${sheet.month}${
      format === 'csv' && chosen !== undefined && chosen !== sheet.sections[0]
        ? `-${chosen.id}`
        : ''
    }.${format}`;
    void reply
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store');
    if (format === 'csv')
      return reply
        .type('text/csv; charset=utf-8')
        .send(chosen === undefined ? '\uFEFF' : reportSectionCsv(chosen));
    return reply
      .type('application/pdf')
      .send(await renderReport(reportDocument(services, sheet, auth.displayName)));
  }

  for (const { id } of reportTemplates) {
    app.get(`/reports/${id}`, (request, reply) => handle(request, reply, id, 'html'));
    app.get(`/reports/${id}.csv`, (request, reply) => handle(request, reply, id, 'csv'));
    app.get(`/reports/${id}.pdf`, (request, reply) => handle(request, reply, id, 'pdf'));
  }
}
