// The shape of one API endpoint, declared once: the server registers its route from it, the app calls it through
// the typed client, the OpenAPI document and the route × role security table are read from it.
import type { z } from 'zod'
import type { Role } from '../schemas/auth'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** Every endpoint path is relative to this prefix. */
export const API_PREFIX = '/api/v1'

/**
 * What the server checks beyond the caller's role, so the security tests know which target to try out of scope:
 * - `self`: the caller's own account, nothing else reachable.
 * - `area`: `areaId` (query, path or body) must lie within the caller's area; it defaults to the caller's own.
 * - `household` / `record` / `media`: the household, record or file named in the path must belong to the caller's
 *   area (a file: uploaded by the caller or referenced by a record in the area).
 * - `own-grid`: a worker's records must name households of their own grid (each refusal is per record).
 * - `import`: the import named in the path must be for the caller's area or one inside it (an unknown one is refused
 *   the same way, 403).
 * - `staff`: the account named in the path must be in the caller's area (so must the area it is moved to).
 * - `link`: no sign-in; a signing link's own signature is the credential.
 * - `setup`: no sign-in; the one-time setup code printed at a real deployment's first start is the credential, and
 *   the endpoint closes for good once the county exists.
 * - `public`: no sign-in and no data of anyone (login itself).
 */
export type Scope = 'self' | 'area' | 'household' | 'record' | 'media' | 'staff' | 'import' | 'own-grid' | 'link' | 'setup' | 'public'

export interface EndpointDef {
  method: Method
  /** Fastify-style path below API_PREFIX, e.g. `/households/:id`. */
  path: string
  tag: string
  summary: string
  description?: string
  /** Roles that may call it; `public` needs no sign-in (its scope says what stands in for it). */
  callers: 'public' | readonly Role[]
  scope: Scope
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
  headers?: z.ZodType
  response: z.ZodType
  /** Status of a successful answer (default 200). */
  status?: 200 | 201
  /** The answer is a file of one of these types, sent as bytes or a stream, never JSON. */
  file?: readonly string[]
  /** The request body is raw bytes (application/octet-stream) instead of JSON. */
  rawBody?: true
}

/** Declares an endpoint; the literal types are kept so the client and the routes are typed from it. */
export function endpoint<const E extends EndpointDef>(e: E): E {
  return e
}

type InputOf<S> = S extends z.ZodType ? z.input<S> : undefined
type OutputOf<S> = S extends z.ZodType ? z.output<S> : undefined

export type ParamsIn<E extends EndpointDef> = InputOf<E['params']>
export type QueryIn<E extends EndpointDef> = InputOf<E['query']>
export type BodyIn<E extends EndpointDef> = InputOf<E['body']>
export type ParamsOut<E extends EndpointDef> = OutputOf<E['params']>
export type QueryOut<E extends EndpointDef> = OutputOf<E['query']>
export type BodyOut<E extends EndpointDef> = OutputOf<E['body']>
export type ResponseOf<E extends EndpointDef> = z.output<E['response']>

type Part<K extends string, T> = [T] extends [undefined]
  ? { [P in K]?: never }
  : undefined extends T
    ? { [P in K]?: T }
    : Partial<T> extends T
      ? { [P in K]?: T }
      : { [P in K]: T }

/** What a caller passes: path params, query and body, each required only when the endpoint has required fields. */
export type CallInput<E extends EndpointDef> = Part<'params', ParamsIn<E>> & Part<'query', QueryIn<E>> & Part<'body', BodyIn<E>>

type QueryValue = string | number | boolean | null | undefined

/** `path?k=v&…`, leaving out empty values. */
export function withQuery(path: string, query?: object): string {
  const q = Object.entries((query ?? {}) as Record<string, QueryValue>)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')
  return q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path
}

/** The full request path of a call, `/api/v1/households/h1?x=1`: params filled in and encoded, query appended. */
export function pathOf(ep: EndpointDef, input: { params?: unknown; query?: unknown } = {}): string {
  const params = (input.params ?? {}) as Record<string, QueryValue>
  const path = ep.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined || value === null || value === '') throw new Error(`${ep.method} ${ep.path}: missing ${name}`)
    return encodeURIComponent(String(value))
  })
  return withQuery(API_PREFIX + path, input.query as object | undefined)
}

/** True when anyone may call it without signing in. */
export function isPublic(ep: EndpointDef): boolean {
  return ep.callers === 'public'
}

/** Roles that may call it (none for a public endpoint, which needs no role). */
export function callerRoles(ep: EndpointDef): readonly Role[] {
  return ep.callers === 'public' ? [] : ep.callers
}
