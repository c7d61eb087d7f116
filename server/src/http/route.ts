// Registers a Fastify route from its endpoint declaration (src/core/api): schemas, OpenAPI text, sign-in and the
// role check come from the declaration, so a handler only reads its typed input and calls services.
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { BodyOut, EndpointDef, ParamsOut, QueryOut, ResponseOf } from '@core/api'
import { AppError } from './app-error'
import { sendFile, type FileReply } from './file-reply'
import type { UserContext } from '../auth/user-context'

export interface RouteInput<E extends EndpointDef> {
  params: ParamsOut<E>
  query: QueryOut<E>
  body: BodyOut<E>
  /** The signed-in caller, with a role the endpoint allows; null only on public endpoints. */
  user: E['callers'] extends 'public' ? null : UserContext
  req: FastifyRequest
  reply: FastifyReply
}

type Answer<E extends EndpointDef> = E['file'] extends readonly string[] ? FileReply : ResponseOf<E>

export interface RouteOptions {
  /** Hooks after sign-in and the role check (a rate limit, a header check before the body is read). */
  onRequest?: onRequestHookHandler[]
  bodyLimit?: number
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on routes registered from the contract; buildApp refuses any /api/v1 route without it. */
    endpoint?: EndpointDef
  }
}

export function route<E extends EndpointDef>(
  app: FastifyInstance,
  ep: E,
  handler: (input: RouteInput<E>) => Promise<Answer<E>>,
  options: RouteOptions = {},
): void {
  const isPublic = ep.callers === 'public'
  const roles = isPublic ? [] : (ep.callers as readonly string[])
  const checkRole: onRequestHookHandler = async (req) => {
    if (!req.user || !roles.includes(req.user.role)) throw new AppError('FORBIDDEN')
  }
  const onRequest = [...(isPublic ? [] : [app.authenticate, checkRole]), ...(options.onRequest ?? [])]
  app.withTypeProvider<ZodTypeProvider>().route({
    method: ep.method,
    url: ep.path,
    bodyLimit: options.bodyLimit,
    // Files are images or zips already: compressing them spends CPU for nothing.
    compress: ep.file ? false : undefined,
    config: { endpoint: ep },
    onRequest,
    schema: defined({
      tags: [ep.tag],
      summary: ep.summary,
      description: ep.description,
      security: isPublic ? undefined : [{ bearer: [] }],
      params: ep.params,
      querystring: ep.query,
      headers: ep.headers,
      body: ep.body,
      consumes: ep.rawBody ? ['application/octet-stream'] : undefined,
      produces: ep.file ? [...ep.file] : undefined,
      response: { [ep.status ?? 200]: ep.response, ...(ep.status === 201 ? { 200: ep.response } : {}) },
    }),
    handler: async (req, reply) => {
      const input = { params: req.params, query: req.query, body: req.body, user: req.user, req, reply } as unknown as RouteInput<E>
      const answer = await handler(input)
      if (reply.sent) return reply
      if (ep.file) return sendFile(reply, answer as FileReply)
      return reply.code(ep.status ?? 200).send(answer)
    },
  })
}

/** Fastify warns about a schema key that is present but undefined. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}
