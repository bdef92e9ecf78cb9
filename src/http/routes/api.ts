// The JSON API (version 1) and the health check. Each route: authenticate → validate →
// runUseCase (transaction, authorise, domain) → present.
import { z } from 'zod';
import {
  accountView,
  createAccount,
  createAccountInput,
  listAccounts,
  listAccountsInput,
} from '../../application/accounts.js';
import { auditQueryInput, listAuditTrail } from '../../application/audit-trail.js';
import { login, loginInput, logout } from '../../application/auth.js';
import { importCalendarNotice } from '../../application/calendar.js';
import { AppError, validationError } from '../../application/errors.js';
import { runUseCase } from '../../application/use-case.js';
import type { AdminUnit, AdminUnitIndex } from '../../domain/admin-units.js';
import { validateCitizenId } from '../../domain/citizen-id.js';
import { citizenIdProblems } from '../../application/citizen-id-problems.js';
import { can } from '../../domain/permissions.js';
import { roles } from '../../domain/roles.js';
import { cookieNames, requestMeta } from '../context.js';
import { jsonRoute, type JsonRouteSpec } from '../json-route.js';

const unitSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['province', 'commune']),
  type: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
});

const accountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  unitCode: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  /** The officer's field (lĩnh vực, data/staffing/officer-fields.json), or null. */
  field: z.string().nullable(),
});

const auditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  unitCode: z.string(),
  kind: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  outcome: z.string(),
  eventId: z.string().nullable(),
  ip: z.string().nullable(),
});

const unitCodeParam = z.strictObject({
  code: z.string().regex(/^(\d{2}|\d{5})$/, { error: 'field.unit_code_format' }),
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'field.date_format' })
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
      new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    {
      error: 'field.date_format',
    },
  );

const citizenIdInput = z.strictObject({
  citizenId: z.string().min(1, 'field.required'),
  dateOfBirth: isoDate.optional(),
  sex: z.enum(['male', 'female']).optional(),
});

function presentUnit(index: AdminUnitIndex, unit: AdminUnit): z.infer<typeof unitSchema> {
  const province = unit.kind === 'province' ? unit : index.province(unit.provinceCode);
  return {
    code: unit.code,
    name: unit.name,
    kind: unit.kind,
    type: unit.type,
    provinceCode: province?.code ?? '',
    provinceName: province?.name ?? '',
  };
}

/** Today's date in Vietnam (UTC+7), where every unit of the system is. */
function vietnamDate(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function apiRoutes(deps: {
  units: AdminUnitIndex;
  version: string;
  secureCookies: boolean;
}): JsonRouteSpec[] {
  const { units } = deps;
  const routes = [
    jsonRoute({
      method: 'GET',
      url: '/healthz',
      summary: 'Health of this node: role, unit, version and database',
      tags: ['system'],
      auth: 'public',
      responses: {
        200: {
          description: 'Healthy',
          schema: z.object({
            status: z.enum(['ok', 'degraded']),
            role: z.enum(['commune', 'province']),
            unit: z.object({ code: z.string(), name: z.string() }),
            version: z.string(),
            database: z.enum(['ok', 'unavailable']),
          }),
        },
        503: { description: 'The database does not answer' },
      },
      handler: async (_input, { services }) => {
        const databaseOk = await services.storage.ping();
        return {
          status: databaseOk ? 200 : 503,
          body: {
            status: databaseOk ? 'ok' : 'degraded',
            role: services.node.role,
            unit: { code: services.node.unitCode, name: services.node.unitName },
            version: deps.version,
            database: databaseOk ? 'ok' : 'unavailable',
          },
        };
      },
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/units',
      summary: 'Search administrative units by name (with or without diacritics) or code',
      tags: ['reference'],
      auth: 'public',
      query: z.strictObject({
        q: z.string().trim().min(1, 'field.required').max(100),
        province: z
          .string()
          .regex(/^\d{2}$/, { error: 'field.unit_code_format' })
          .optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
        lang: z.string().optional(),
      }),
      responses: {
        200: {
          description: 'Matching units, best first',
          schema: z.object({ units: z.array(unitSchema) }),
        },
      },
      handler: async ({ query }, { request, services }) => {
        if (
          !can(request.auth?.actor ?? null, 'reference.read', {
            unitCode: services.node.unitCode,
            provinceCode: services.node.provinceCode,
          })
        )
          throw new AppError('forbidden');
        if (query.province !== undefined && units.province(query.province) === undefined)
          throw validationError([
            {
              field: 'query.province',
              reason: 'unit_unknown',
              message: 'field.unit_unknown',
              params: { code: query.province },
            },
          ]);
        const hits = units.search(query.q, {
          limit: query.limit,
          ...(query.province === undefined ? {} : { provinceCode: query.province }),
        });
        return { status: 200, body: { units: hits.map((h) => presentUnit(units, h.unit)) } };
      },
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/units/:code',
      summary: 'One administrative unit by its official code',
      tags: ['reference'],
      auth: 'public',
      params: unitCodeParam,
      responses: {
        200: { description: 'The unit', schema: unitSchema },
        404: { description: 'No unit has this code' },
      },
      handler: async ({ params }) => {
        const unit = units.unit(params.code);
        if (unit === undefined)
          throw new AppError('unit_not_found', { params: { code: params.code } });
        return { status: 200, body: presentUnit(units, unit) };
      },
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/citizen-ids/validate',
      summary: 'Check a personal identification number (CCCD) against a date of birth and sex',
      tags: ['reference'],
      auth: 'public',
      body: citizenIdInput,
      responses: {
        200: {
          description: 'Valid; what the number says',
          schema: z.object({
            provincePrefix: z.string(),
            provinceName: z.string(),
            sex: z.enum(['male', 'female']),
            birthYear: z.number(),
          }),
        },
      },
      handler: async ({ body }, { services }) => {
        const result = validateCitizenId(
          body.citizenId,
          {
            today: vietnamDate(services.clock()),
            ...(body.dateOfBirth === undefined ? {} : { dateOfBirth: body.dateOfBirth }),
            ...(body.sex === undefined ? {} : { sex: body.sex }),
          },
          units.cccdPrefixes(),
        );
        if (!result.ok) throw validationError(citizenIdProblems(result.problems));
        const { decoded } = result;
        return {
          status: 200,
          body: {
            provincePrefix: decoded.provincePrefix,
            provinceName:
              units.legacyProvinceByCccdPrefix(decoded.provincePrefix)?.legacyName ?? '',
            sex: decoded.sex,
            birthYear: decoded.birthYear,
          },
        };
      },
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/session',
      summary: 'Log in with a username and password; sets the session cookie',
      tags: ['session'],
      auth: 'public',
      body: loginInput,
      responses: {
        200: {
          description: 'Logged in',
          schema: z.object({
            account: accountSchema.pick({
              id: true,
              displayName: true,
              role: true,
              unitCode: true,
            }),
            expiresAt: z.string(),
          }),
        },
      },
      handler: async ({ body }, { request, reply, services }) => {
        const result = await login(services, requestMeta(request), body);
        void reply.setCookie(cookieNames.session, result.sessionToken, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.secureCookies,
          expires: new Date(result.expiresAt),
        });
        return {
          status: 200,
          body: {
            account: {
              id: result.actor.id,
              displayName: result.displayName,
              role: result.actor.role,
              unitCode: result.actor.unitCode,
            },
            expiresAt: result.expiresAt,
          },
        };
      },
    }),
    jsonRoute({
      method: 'DELETE',
      url: '/api/v1/session',
      summary: 'Log out: ends the session',
      tags: ['session'],
      auth: 'required',
      responses: { 204: { description: 'Logged out' } },
      handler: async (_input, { request, reply, services, auth }) => {
        if (request.sessionToken !== null)
          await logout(services, requestMeta(request), request.sessionToken, auth.actor);
        void reply.clearCookie(cookieNames.session, { path: '/' });
        return { status: 204, body: '' };
      },
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/me',
      summary: 'The account making the request',
      tags: ['session'],
      auth: 'required',
      responses: { 200: { description: 'Your account', schema: accountSchema } },
      handler: async (_input, { request, services, auth }) =>
        runUseCase(services, auth.actor, requestMeta(request), async (uc) => {
          const row = await uc.tx.db
            .selectFrom('accounts')
            .selectAll()
            .where('id', '=', auth.actor.id)
            .executeTakeFirstOrThrow();
          return { status: 200, body: accountView(row) };
        }),
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/accounts',
      summary: 'Accounts of a unit, or of the whole province for its administrators',
      tags: ['accounts'],
      auth: 'required',
      query: listAccountsInput.extend({ lang: z.string().optional() }),
      responses: {
        200: { description: 'Accounts', schema: z.object({ accounts: z.array(accountSchema) }) },
      },
      handler: async ({ query }, { request, services, auth }) =>
        runUseCase(services, auth.actor, requestMeta(request), async (uc) => ({
          status: 200,
          body: {
            accounts: await listAccounts(
              uc,
              query.unitCode === undefined ? {} : { unitCode: query.unitCode },
            ),
          },
        })),
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/accounts',
      summary: 'Create an account for a person of a unit of the province',
      tags: ['accounts'],
      auth: 'required',
      body: createAccountInput,
      responses: { 201: { description: 'Created', schema: accountSchema } },
      handler: async ({ body }, { request, services, auth }) =>
        runUseCase(services, auth.actor, requestMeta(request), async (uc) => ({
          status: 201,
          body: await createAccount(uc, body),
        })),
    }),
    jsonRoute({
      method: 'POST',
      url: '/api/v1/calendar/notices',
      summary:
        "Publish one year's official calendar notice (days off, swapped working days) for the province",
      tags: ['calendar'],
      auth: 'required',
      // The notice is checked entry by entry by the calendar use case, naming each entry's field.
      body: z.looseObject({ year: z.number().int() }),
      responses: {
        201: {
          description: 'Published',
          schema: z.object({ year: z.number(), eventId: z.string(), replaced: z.boolean() }),
        },
      },
      handler: async ({ body }, { request, services, auth }) => ({
        status: 201,
        body: await runUseCase(services, auth.actor, requestMeta(request), (uc) =>
          importCalendarNotice(uc, JSON.stringify(body)),
        ),
      }),
    }),
    jsonRoute({
      method: 'GET',
      url: '/api/v1/audit',
      summary: "This node's audit trail, newest first",
      tags: ['audit'],
      auth: 'required',
      query: auditQueryInput.extend({ lang: z.string().optional() }),
      responses: {
        200: {
          description: 'Audit entries',
          schema: z.object({ entries: z.array(auditEntrySchema) }),
        },
      },
      handler: async ({ query }, { request, services, auth }) =>
        runUseCase(services, auth.actor, requestMeta(request), async (uc) => ({
          status: 200,
          body: {
            entries: await listAuditTrail(uc, {
              limit: query.limit,
              ...(query.before === undefined ? {} : { before: query.before }),
            }),
          },
        })),
    }),
  ];
  return routes;
}
