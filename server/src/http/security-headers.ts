// Browser security headers on every answer (helmet), Cache-Control: no-store on the API's JSON (personal data must
// not stay in a browser's or a proxy's cache), and HSTS only on a request that came over TLS: directly, or through a
// trusted proxy (TRUST_PROXY) that says x-forwarded-proto https; over plain HTTP it would lock a browser out.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import fastifyHelmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import { API_PREFIX } from '@core/api'

/** The H5 app loads only its own scripts (and its inline ones by hash) and styles; images come from the API, data: (QR codes) and blob: (downloads). */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Taro's H5 runtime sets inline styles on elements.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  fontSrc: ["'self'", 'data:'],
  // The photo picker reads the chosen file back through fetch(blob:) to compress and store it on the phone.
  connectSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

const HSTS = 'max-age=31536000; includeSubDomains'

/**
 * The H5 pages' inline scripts (index.html's and sign.html's: Taro's root font-size setup, the route preload, the
 * shell's), allowed by their hashes so no other inline script runs. Read from the build being served, so a rebuild
 * with other settings is allowed as it is.
 */
export function inlineScriptHashes(h5Dir: string): string[] {
  if (!fs.existsSync(h5Dir)) return []
  const pages = fs.readdirSync(h5Dir).filter((f) => f.endsWith('.html'))
  const scripts = pages.flatMap((f) => [...fs.readFileSync(path.join(h5Dir, f), 'utf8').matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]))
  return [...new Set(scripts)].map((s) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`)
}

export async function registerSecurityHeaders(app: FastifyInstance, h5Dir: string): Promise<void> {
  const directives = { ...CSP_DIRECTIVES, scriptSrc: [...CSP_DIRECTIVES.scriptSrc, ...inlineScriptHashes(h5Dir)] }
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: false,
  })
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS)
    if (req.url.startsWith(API_PREFIX) && String(reply.getHeader('content-type') ?? '').includes('json')) reply.header('cache-control', 'no-store')
    return payload
  })
}
