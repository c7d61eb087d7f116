// Secrets that travel in a URL never reach the log: a signing link's token in the path (/public/sign/<token>, and
// every other contract path with a :token parameter), tokens and codes in a query string; authorization headers are
// censored should anything log headers. A signing-link token read from a log would work as the link itself.
// A file's sha-256 in a path (/media/<sha>, /media/<sha>/status) is cut to its first 8 characters: enough to tell
// requests apart when reading a log, not enough to name (or ask for) the file (#12 item 1).
import type { FastifyRequest, FastifyServerOptions } from 'fastify'
import { API, API_PREFIX } from '@core/api'

const REDACTED = '[redacted]'
/** A path segment that is a sha-256, as files are named. */
const SHA_SEGMENT = /(?<=\/)[0-9a-fA-F]{64}(?=\/|$)/g
const SHA_KEPT = 8
/** Query parameters whose value is a credential: tokens, login, bind and setup codes, signatures. */
const SECRET_PARAM = /token|code|secret|password|sig/i
/** The path before each contract path's :token segment, e.g. `/api/v1/public/sign/`. */
const TOKEN_PATH_PREFIXES = [
  ...new Set(
    Object.values(API)
      .filter((ep) => ep.path.includes('/:token'))
      .map((ep) => API_PREFIX + ep.path.slice(0, ep.path.indexOf(':token'))),
  ),
]

/** The URL as it may be logged: secret path segments and query values replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  const path = q < 0 ? url : url.slice(0, q)
  const query = q < 0 ? '' : url.slice(q + 1)
  return redactPath(path) + (q < 0 ? '' : `?${redactQuery(query)}`)
}

function redactPath(path: string): string {
  return redactTokenPath(path).replace(SHA_SEGMENT, (sha) => `${sha.slice(0, SHA_KEPT)}…`)
}

function redactTokenPath(path: string): string {
  const prefix = TOKEN_PATH_PREFIXES.find((p) => path.startsWith(p) && path.length > p.length)
  if (!prefix) return path
  const rest = path.slice(prefix.length)
  const slash = rest.indexOf('/')
  return prefix + REDACTED + (slash < 0 ? '' : rest.slice(slash))
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const name = eq < 0 ? pair : pair.slice(0, eq)
      return eq >= 0 && SECRET_PARAM.test(safeDecode(name)) ? `${name}=${REDACTED}` : pair
    })
    .join('&')
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Fastify's logger settings: the request serializer logs the redacted URL (and what Fastify logs by default). */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  if (level === 'silent') return false
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie'], censor: REDACTED },
    serializers: {
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
    },
  }
}
