// Resident signing: the worker's link key (signed in), and the public page a signing link opens (no sign-in).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { API } from '@core/api'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { route } from '../http/route'
import { issueLinkKey, signByLink, viewSignLink } from '../services/sign-links'

const MINUTE = 60_000

/**
 * Requests per IP address in a fixed window. Per process: each server process counts on its own, and a
 * restart forgets. Behind a reverse proxy every request has the proxy's address unless trustProxy is set.
 */
class WindowLimiter {
  private hits = new Map<string, { start: number; count: number }>()

  constructor(readonly limit: number, readonly windowMs: number) {}

  /** Counts the request; false when the caller is over the limit for the current window. */
  allow(key: string, now: number): boolean {
    if (this.hits.size > 10_000) this.forgetOld(now)
    const w = this.hits.get(key)
    if (!w || now - w.start >= this.windowMs) {
      this.hits.set(key, { start: now, count: 1 })
      return true
    }
    w.count++
    return w.count <= this.limit
  }

  private forgetOld(now: number): void {
    for (const [key, w] of this.hits) if (now - w.start >= this.windowMs) this.hits.delete(key)
  }
}

/** A household signs in a minute or two; a shared village Wi-Fi may carry a few households at once. */
export const SIGN_LIMIT = { limit: 20, windowMs: 10 * MINUTE }
const VIEW_LIMIT = { limit: 120, windowMs: 10 * MINUTE }

export const publicSignRoutes: FastifyPluginAsync<{ db: Db; blobs: BlobStore; now: () => number; retentionDays: number }> = async (
  app,
  { db, blobs, now, retentionDays },
) => {
  const signs = new WindowLimiter(SIGN_LIMIT.limit, SIGN_LIMIT.windowMs)
  const views = new WindowLimiter(VIEW_LIMIT.limit, VIEW_LIMIT.windowMs)
  const limit = (limiter: WindowLimiter) => async (req: FastifyRequest) => {
    if (!limiter.allow(req.ip, now())) throw new AppError('RATE_LIMITED')
  }

  route(app, API.linkKey, async ({ user }) => ({ linkKey: await issueLinkKey(db, user, now()) }))
  route(app, API.signLinkView, async ({ params, req }) => viewSignLink(db, params.token, now(), { ip: req.ip }, retentionDays), {
    onRequest: [limit(views)],
  })
  route(app, API.signByLink, async ({ params, body, req }) => signByLink({ db, blobs }, params.token, body, now(), { ip: req.ip }), {
    onRequest: [limit(signs)],
  })
}
