// Every JSON endpoint is declared once with its schemas; the same declaration registers the
// route, validates its input and documents it in /openapi.json. A handler has one shape:
// authenticate → validate → (transaction → authorise → domain, inside runUseCase) → present.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Authenticated } from '../application/auth.js';
import { AppError } from '../application/errors.js';
import type { Services } from '../application/services.js';
import { parseInput } from '../application/validation.js';
import { unsupportedMediaType } from './errors.js';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface JsonRouteContext<A extends 'public' | 'required'> {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly services: Services;
  readonly auth: A extends 'required' ? Authenticated : Authenticated | null;
}

export interface JsonResult {
  readonly status: number;
  readonly body: unknown;
}

export interface JsonRouteSpec<
  A extends 'public' | 'required' = 'public' | 'required',
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  P extends z.ZodType | undefined = z.ZodType | undefined,
> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify path, e.g. `/api/v1/units/:code`. */
  readonly url: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly auth: A;
  readonly body?: B;
  readonly query?: Q;
  readonly params?: P;
  /** Requests per minute from one address; public lookups set it, the counter never does. */
  readonly rateLimitPerMinute?: number;
  readonly responses: Readonly<
    Record<number, { readonly description: string; readonly schema?: z.ZodType }>
  >;
  readonly handler: (
    input: { readonly body: Out<B>; readonly query: Out<Q>; readonly params: Out<P> },
    context: JsonRouteContext<A>,
  ) => Promise<JsonResult>;
}

export function jsonRoute<
  A extends 'public' | 'required',
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(spec: JsonRouteSpec<A, B, Q, P>): JsonRouteSpec<A, B, Q, P> {
  return spec;
}

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

export function registerJsonRoute(
  app: FastifyInstance,
  services: Services,
  spec: JsonRouteSpec,
): void {
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.rateLimitPerMinute === undefined
      ? {}
      : { config: { rateLimit: { max: spec.rateLimitPerMinute, timeWindow: '1 minute' } } }),
    handler: async (request, reply) => {
      if (spec.auth === 'required' && request.auth === null) throw new AppError('unauthenticated');
      const hasBody = request.body !== undefined && request.body !== null;
      if (spec.body === undefined ? hasBody : !isJson(request)) {
        // A JSON route takes only application/json; a route without body takes none.
        if (spec.body !== undefined || request.headers['content-type'] !== undefined)
          throw unsupportedMediaType(request);
      }
      const input = {
        body: spec.body === undefined ? undefined : parseInput(spec.body, request.body),
        query:
          spec.query === undefined ? undefined : parseInput(spec.query, request.query, ['query']),
        params:
          spec.params === undefined ? undefined : parseInput(spec.params, request.params, ['path']),
      };
      const result = await spec.handler(input, {
        request,
        reply,
        services,
        auth: request.auth,
      });
      return reply.code(result.status).type('application/json; charset=utf-8').send(result.body);
    },
  });
}

const errorSchema = z.object({
  error: z.object({
    code: z.string().describe('Stable error code from docs/errors.md'),
    message: z.string().describe("Message in the caller's language"),
    fields: z
      .array(z.object({ field: z.string(), reason: z.string(), message: z.string() }))
      .optional()
      .describe('One entry per field at fault'),
  }),
});

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
}

function parameters(spec: JsonRouteSpec): unknown[] {
  const out: unknown[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (schema === undefined) continue;
    const json = jsonSchema(schema, 'input') as {
      properties?: Record<string, unknown>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {}))
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: property,
      });
  }
  return out;
}

/** The OpenAPI 3.1 description of every JSON endpoint. */
export function openApiDocument(
  routes: readonly JsonRouteSpec[],
  info: { title: string; version: string },
): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of routes) {
    const path = spec.url.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(spec.responses))
      responses[status] = {
        description: response.description,
        ...(response.schema === undefined
          ? {}
          : { content: { 'application/json': { schema: jsonSchema(response.schema, 'output') } } }),
      };
    responses['4XX'] = {
      description: 'Refused: see docs/errors.md',
      content: { 'application/json': { schema: jsonSchema(errorSchema, 'output') } },
    };
    (paths[path] ??= {})[spec.method.toLowerCase()] = {
      summary: spec.summary,
      tags: spec.tags,
      parameters: parameters(spec),
      ...(spec.body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
            },
          }),
      responses,
      ...(spec.auth === 'required' ? { security: [{ session: [] }, { bearer: [] }] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'motcua_session' },
        bearer: { type: 'http', scheme: 'bearer', description: 'Service accounts' },
      },
    },
  };
}
