// Resident signing: the worker's link key (signed in), and the public page a signing link opens (no sign-in).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { API } from '@core/api'
import { sha256Hex } from '@core/hash'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { route } from '../http/route'
import { issueLinkKey, signByLink, viewSignLink } from '../services/sign-links'
import { allowRequest, type RequestLimit } from '../services/request-window'

const MINUTE = 60_000

/**
 * Public signing's limits, counted in the database (request-window.ts) so every server process and a restart see
 * the same counts, in 10-minute windows, three ways at once:
 * - per link: a link is tried by one household; an address change does not get round it;
 * - per client: the address (the real one behind a TRUST_PROXY proxy) and the browser (User-Agent), so the
 *   phones of a village sharing one Wi-Fi or a carrier's NAT each have their own count;
 * - per address: a ceiling for one address however many browsers it claims to be.
 */
export const SIGN_LIMITS = { perLink: 10, perClient: 20, perAddress: 200, windowMs: 10 * MINUTE }
export const VIEW_LIMITS = { perLink: 60, perClient: 120, perAddress: 1200, windowMs: 10 * MINUTE }
/** The per-client limit of signing (tests count up to it). */
export const SIGN_LIMIT = { limit: SIGN_LIMITS.perClient, windowMs: SIGN_LIMITS.windowMs }

type Limits = typeof SIGN_LIMITS

/** The counters one public request counts against; keys are hashed so no token or address is stored in them. */
export function publicLimits(what: 'sign' | 'view', limits: Limits, req: Pick<FastifyRequest, 'ip' | 'headers' | 'params'>): RequestLimit[] {
  const token = String((req.params as { token?: unknown }).token ?? '')
  const agent = String(req.headers['user-agent'] ?? '')
  const { windowMs } = limits
  return [
    { key: `public-${what}:link:${short(token)}`, limit: limits.perLink, windowMs },
    { key: `public-${what}:client:${short(`${req.ip}\n${agent}`)}`, limit: limits.perClient, windowMs },
    { key: `public-${what}:ip:${short(req.ip)}`, limit: limits.perAddress, windowMs },
  ]
}

const short = (s: string) => sha256Hex(s).slice(0, 32)

export const publicSignRoutes: FastifyPluginAsync<{ db: Db; blobs: BlobStore; now: () => number; retentionDays: number }> = async (
  app,
  { db, blobs, now, retentionDays },
) => {
  const limit = (what: 'sign' | 'view', limits: Limits) => async (req: FastifyRequest) => {
    if (!(await allowRequest(db, publicLimits(what, limits, req), now()))) throw new AppError('RATE_LIMITED')
  }

  route(app, API.linkKey, async ({ user }) => ({ linkKey: await issueLinkKey(db, user, now()) }))
  route(app, API.signLinkView, async ({ params, req }) => viewSignLink(db, params.token, now(), { ip: req.ip }, retentionDays), {
    onRequest: [limit('view', VIEW_LIMITS)],
  })
  route(app, API.signByLink, async ({ params, body, req }) => signByLink({ db, blobs }, params.token, body, now(), { ip: req.ip }), {
    onRequest: [limit('sign', SIGN_LIMITS)],
  })
}
