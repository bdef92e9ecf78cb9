// The civil-status figures of a month as a page, a CSV file and a printable PDF. One handler
// shape for the three: parse the query into the use case's input, run it, present it. A wrong
// month is shown on the page next to the field (400), and nothing is read or written.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  civilStatistics,
  civilStatisticsDocument,
  civilStatisticsInput,
  currentMonth,
  type CivilStatistics,
} from '../../application/civil-statistics.js';
import { AppError } from '../../application/errors.js';
import { runUseCase } from '../../application/use-case.js';
import { parseInput } from '../../application/validation.js';
import { civilStatisticsCsv, renderCivilStatistics } from '../../documents/civil-statistics.js';
import { requestMeta } from '../context.js';
import { CivilStatisticsPage } from '../pages/civil-statistics.js';
import type { FieldErrors } from '../pages/form.js';
import { renderPage } from '../pages/layout.js';
import { fieldErrors, html, pageContext, requireAuth, type PageOptions } from './page-helpers.js';

const formats = ['html', 'csv', 'pdf'] as const;
type Format = (typeof formats)[number];

const queryText = (query: Record<string, unknown>, key: string): string => {
  const value = query[key];
  return typeof value === 'string' ? value.trim() : '';
};

export function registerCivilStatisticsPages(app: FastifyInstance, options: PageOptions): void {
  const { services } = options;
  const node = services.node;
  const communes =
    node.role === 'province'
      ? services.units
          .communeCodesOf(node.provinceCode)
          .map((code) => ({ code, name: services.units.unit(code)?.name ?? code }))
      : null;

  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    state: {
      month: string;
      unitCode: string;
      errors: FieldErrors;
      statistics: CivilStatistics | null;
    },
    status = 200,
  ) =>
    html(
      reply,
      renderPage(
        <CivilStatisticsPage
          page={pageContext(options, request, reply)}
          units={communes}
          {...state}
        />,
      ),
      status,
    );

  async function handle(request: FastifyRequest, reply: FastifyReply, asked: Format) {
    const auth = requireAuth(request);
    const query = request.query as Record<string, unknown>;
    const format = asked === 'html' ? queryFormat(query) : asked;
    const month = queryText(query, 'month') || currentMonth(services.clock());
    const unitCode = queryText(query, 'unitCode');
    let statistics: CivilStatistics;
    try {
      const input = parseInput(civilStatisticsInput, {
        month,
        ...(unitCode === '' ? {} : { unitCode }),
      });
      statistics = await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
        civilStatistics(uc, input),
      );
    } catch (error) {
      if (format === 'html' && error instanceof AppError && error.code === 'validation_failed')
        return page(
          request,
          reply,
          { month, unitCode, errors: fieldErrors(request.lang, error.fields), statistics: null },
          error.status,
        );
      throw error;
    }
    if (format === 'html') return page(request, reply, { month, unitCode, errors: {}, statistics });
    const data = civilStatisticsDocument(services, statistics, auth.displayName);
    const name = `so-lieu-ho-tich-${statistics.scope.unitCode}-${statistics.month}.${format}`;
    void reply
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store');
    if (format === 'csv')
      return reply.type('text/csv; charset=utf-8').send(civilStatisticsCsv(data));
    return reply.type('application/pdf').send(await renderCivilStatistics(data));
  }

  app.get('/civil/statistics', (request, reply) => handle(request, reply, 'html'));
  app.get('/civil/statistics.csv', (request, reply) => handle(request, reply, 'csv'));
  app.get('/civil/statistics.pdf', (request, reply) => handle(request, reply, 'pdf'));
}

/** `?format=csv` or `?format=pdf` on the page's address does what the .csv and .pdf ones do. */
function queryFormat(query: Record<string, unknown>): Format {
  const asked = queryText(query, 'format');
  return (formats as readonly string[]).includes(asked) ? (asked as Format) : 'html';
}
