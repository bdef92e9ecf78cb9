// The civil-status registers' JSON API: registration of a birth, death or marriage, a record
// with its history, corrections, certified copies, search, and the register books.
import { z } from 'zod';
import {
  closeBooks,
  closeInput,
  copiesInput,
  correctInput,
  correctRecord,
  issueCopies,
  listBooks,
  openBook,
  openBookInput,
  readBook,
  readRecord,
  registerCivil,
  registerInput,
  searchInput,
  searchRecords,
} from '../../application/civil-status.js';
import {
  civilStatistics,
  civilStatisticsInput,
  currentMonth,
} from '../../application/civil-statistics.js';
import { runUseCase } from '../../application/use-case.js';
import { civilKinds } from '../../domain/civil-status.js';
import { requestMeta } from '../context.js';
import { jsonRoute, type JsonRouteSpec } from '../json-route.js';

const idParam = z.strictObject({ id: z.string().min(1).max(80) });
const recordSchema = z
  .looseObject({ id: z.string(), kind: z.string(), number: z.number() })
  .describe('CivilRecord');
const bookSchema = z.looseObject({ label: z.string() }).describe('RegisterBook');

export function civilApiRoutes(): JsonRouteSpec[] {
  return [
    jsonRoute({
      method: 'POST',
      url: '/api/v1/civil/registrations',
      summary:
        'Register a birth (khai sinh), death (khai tử) or marriage (kết hôn): the dossier and the register entry with its number',
      tags: ['civil-status'],
      auth: 'required',
      body: registerInput,
      responses: {
        201: {
          description: 'Registered; the record and its dossier',
          schema: z.looseObject({ record: recordSchema }),
        },
      },
      handler: async ({ body }, { request, services, auth }) => ({
        status: 201,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          registerCivil(uc, body),
        ),
      }),
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/civil/records',
      summary:
        'Search the registers by name (with or without diacritics), date of birth, ID number, parents’ names',
      tags: ['civil-status'],
      auth: 'required',
      query: searchInput.extend({ lang: z.string().optional() }),
      responses: {
        200: {
          description: 'Matches, newest registration first',
          schema: z.object({ records: z.array(z.looseObject({ id: z.string() })) }),
        },
      },
      handler: async ({ query }, { request, services, auth }) => {
        const { lang: _lang, ...filters } = query;
        return {
          status: 200,
          body: {
            records: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
              searchRecords(uc, filters),
            ),
          },
        };
      },
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/civil/records/:id',
      summary: 'A civil-status record with its full history',
      tags: ['civil-status'],
      auth: 'required',
      params: idParam,
      responses: {
        200: { description: 'The record', schema: z.looseObject({ record: recordSchema }) },
      },
      handler: async ({ params }, { request, services, auth }) => ({
        status: 200,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          readRecord(uc, params.id),
        ),
      }),
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/civil/records/:id/corrections',
      summary: 'Correct (cải chính) or supplement (bổ sung) a record, with reason and legal basis',
      tags: ['civil-status'],
      auth: 'required',
      params: idParam,
      body: correctInput,
      responses: { 201: { description: 'The record after the correction', schema: recordSchema } },
      handler: async ({ params, body }, { request, services, auth }) => ({
        status: 201,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          correctRecord(uc, params.id, body),
        ),
      }),
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/civil/records/:id/copies',
      summary: 'Record certified copies of the extract issued (bản sao trích lục), with the fee',
      tags: ['civil-status'],
      auth: 'required',
      params: idParam,
      body: copiesInput,
      responses: {
        201: {
          description: 'Issued; the fee charged',
          schema: z.looseObject({ feeVnd: z.number() }),
        },
      },
      handler: async ({ params, body }, { request, services, auth }) => ({
        status: 201,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          issueCopies(uc, params.id, body),
        ),
      }),
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/civil/books',
      summary: "The unit's register books (sổ hộ tịch) with their numbering",
      tags: ['civil-status'],
      auth: 'required',
      responses: {
        200: { description: 'Books', schema: z.object({ books: z.array(bookSchema) }) },
      },
      handler: async (_input, { request, services, auth }) => ({
        status: 200,
        body: {
          books: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
            listBooks(uc),
          ),
        },
      }),
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/civil/books/:kind/:year/:bookNo',
      summary: "One book's entries in number order",
      tags: ['civil-status'],
      auth: 'required',
      params: z.strictObject({
        kind: z.enum(civilKinds),
        year: z.coerce.number().int(),
        bookNo: z.coerce.number().int(),
      }),
      responses: {
        200: {
          description: 'The book and its entries',
          schema: z.looseObject({ book: bookSchema }),
        },
      },
      handler: async ({ params }, { request, services, auth }) => ({
        status: 200,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          readBook(uc, params),
        ),
      }),
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/civil/books',
      summary: 'Open a book, e.g. continuing where the paper book stopped',
      tags: ['civil-status'],
      auth: 'required',
      body: openBookInput,
      responses: { 201: { description: 'The book opened', schema: bookSchema } },
      handler: async ({ body }, { request, services, auth }) => ({
        status: 201,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          openBook(uc, body),
        ),
      }),
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/civil/books/close',
      summary: 'Close a full book, or every book of a year at year-end (khóa sổ)',
      tags: ['civil-status'],
      auth: 'required',
      body: closeInput,
      responses: {
        200: {
          description: 'Books after closing',
          schema: z.object({ books: z.array(bookSchema) }),
        },
      },
      handler: async ({ body }, { request, services, auth }) => ({
        status: 200,
        body: {
          books: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
            closeBooks(uc, body),
          ),
        },
      }),
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/civil/statistics',
      summary:
        'A month’s civil-status figures from the registers: births and deaths by sex, on time and late; marriages (default: this month)',
      tags: ['civil-status'],
      auth: 'required',
      query: civilStatisticsInput.partial({ month: true }).extend({ lang: z.string().optional() }),
      responses: {
        200: {
          description:
            'One row per unit (a commune, or every commune of the province) and the total',
          schema: z.looseObject({ month: z.string(), units: z.array(z.looseObject({})) }),
        },
      },
      handler: async ({ query }, { request, services, auth }) => {
        const { lang: _lang, month, unitCode } = query;
        const input = {
          month: month ?? currentMonth(services.clock()),
          ...(unitCode === undefined ? {} : { unitCode }),
        };
        return {
          status: 200,
          body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
            civilStatistics(uc, input),
          ),
        };
      },
    }),
  ];
}
