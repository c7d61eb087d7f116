// Builds the Fastify app: validation, error shape, auth, API routes, OpenAPI and the H5 build.
import fs from 'node:fs'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import fastifyCompress from '@fastify/compress'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { API, API_PREFIX } from '@core/api'
import { ERRORS } from '@core/errors'
import type { Config } from './config'
import type { Db } from './db/database'
import { AppError } from './http/app-error'
import './http/route'
import { registerAuth } from './auth/plugin'
import { authRoutes } from './routes/auth'
import { syncRoutes } from './routes/sync'
import { flagSettingsOf } from './truth/flag-settings'
import { ScreenshotQueue } from './truth/screenshot-queue'
import { coverageRoutes } from './routes/coverage'
import { mediaRoutes } from './routes/media'
import { templateRoutes } from './routes/templates'
import { pledgeRoutes } from './routes/pledges'
import { publicSignRoutes } from './routes/public-sign'
import { exportRoutes } from './routes/exports'
import { householdRoutes } from './routes/households'
import { campaignRoutes } from './routes/campaigns'
import { reportRoutes } from './routes/reports'
import { importRoutes } from './routes/imports'
import { setupRoutes } from './routes/setup'
import { staffRoutes } from './routes/staff'
import { rosterChangeRoutes } from './routes/roster-changes'
import { spotCheckRoutes } from './routes/spot-checks'
import { fraudCaseRoutes } from './routes/fraud-cases'
import { auditLogRoutes } from './routes/audit-log'
import { reviewRoutes } from './routes/review'
import { offRegisterRoutes } from './routes/off-register'
import { dataRequestRoutes } from './routes/data-requests'
import { feedbackRoutes } from './routes/feedback'
import { clientErrorRoutes } from './routes/client-errors'
import { openBlobStore } from './blob/open-store'
import { startUploadSweeper } from './services/upload-sweep'
import { createWechatClient } from './wechat/code2session'
import { loggerOptions } from './http/log-redaction'
import { registerSecurityHeaders } from './http/security-headers'

export interface AppDeps {
  config: Config
  db: Db
  now?: () => number
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: NodeJS.WritableStream
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(deps.config.LOG_LEVEL, deps.logStream),
    bodyLimit: 4 * 1024 * 1024,
    // The client address the login lockout counts by, behind a reverse proxy (TRUST_PROXY).
    // Fastify takes a hop count too, though its types leave numbers out.
    trustProxy: deps.config.TRUST_PROXY as boolean | string,
    // Signing links carry their signed payload in the path (/public/sign/:token), a few hundred characters.
    routerOptions: { maxParamLength: 2048 },
    // The router's own refusals (a path parameter over that length, a malformed URL), in the app's error format.
    frameworkErrors: (err, _req, reply) => {
      const code = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI_TOO_LONG' : 'VALIDATION_FAILED'
      void (reply as FastifyReply).code(ERRORS[code].status).send({ error: { code, message: ERRORS[code].message } })
    },
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler((err, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0]
      const where = first?.instancePath ? `（${first.instancePath}）` : ''
      return reply.code(400).send({
        error: { code: 'VALIDATION_FAILED', message: `${ERRORS.VALIDATION_FAILED.message}${where}：${first?.message ?? ''}`, details: err.validation },
      })
    }
    if (err instanceof AppError) {
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, details: err.details } })
    }
    const { statusCode: status, message } = err as { statusCode?: number; message?: string }
    if (status === 413) {
      // The phone halves its push batch on this answer; any other body over its route's limit is just too large.
      const code = req.routeOptions.url === API_PREFIX + API.syncPush.path ? 'BATCH_TOO_LARGE' : 'BODY_TOO_LARGE'
      return reply.code(413).send({ error: { code, message: ERRORS[code].message } })
    }
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ error: { code: 'VALIDATION_FAILED', message: `${ERRORS.VALIDATION_FAILED.message}：${message}` } })
    }
    req.log.error(err)
    return reply.code(500).send({ error: { code: 'INTERNAL', message: ERRORS.INTERNAL.message } })
  })

  await registerSecurityHeaders(app, deps.config.H5_DIR)
  // One bar of signal: the H5 bundle shrinks to about a third, pulls of a whole grid to a fifth.
  await app.register(fastifyCompress, { global: true, threshold: 1024 })
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: '反诈入户通 API', version: '1.0.0', description: '入户走访记录同步与覆盖统计' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  })

  const now = deps.now ?? Date.now
  const spotCheckSettings = { perVillage: deps.config.SPOT_CHECK_PER_VILLAGE, discrepancyPct: deps.config.SPOT_CHECK_DISCREPANCY_PCT }
  const wechat = createWechatClient(deps.config)
  const blobs = await openBlobStore(deps.config)
  const uploadQuota = { maxUploads: deps.config.UPLOAD_MAX_PER_USER, maxBytes: deps.config.UPLOAD_MAX_BYTES_PER_USER }
  const sweeper = startUploadSweeper(
    { db: deps.db, blobs, now },
    {
      maxAgeMs: deps.config.UPLOAD_MAX_AGE_HOURS * 3_600_000,
      everyMs: deps.config.UPLOAD_SWEEP_EVERY_MINUTES * 60_000,
      log: (msg) => app.log.info(msg),
      onError: (err) => app.log.error({ err }, '清理未传完的上传失败'),
    },
  )
  app.addHook('onClose', () => sweeper.stop())
  const screenshots = new ScreenshotQueue({ db: deps.db, blobs, now }, app.log)
  app.decorate('screenshots', screenshots)
  app.addHook('onClose', () => screenshots.idle())
  screenshots.sweep()
  registerAuth(app, { db: deps.db, now })
  // Every API route comes from its declaration in src/core/api, which says who may call it.
  app.addHook('onRoute', (opts) => {
    if (opts.url.startsWith(API_PREFIX) && !opts.config?.endpoint) {
      throw new Error(`${opts.method} ${opts.url} is not declared in src/core/api`)
    }
  })

  await app.register(
    async (api) => {
      await api.register(authRoutes, { db: deps.db, now, wechat, sessionDays: deps.config.SESSION_DAYS })
      await api.register(syncRoutes, { db: deps.db, now, flagSettings: flagSettingsOf(deps.config), screenshots })
      await api.register(coverageRoutes, { db: deps.db, now, workerNames: deps.config.RANKING_NAMES })
      await api.register(mediaRoutes, { db: deps.db, blobs, now, screenshots, uploadQuota })
      await api.register(templateRoutes, { db: deps.db, now })
      await api.register(pledgeRoutes, { db: deps.db, blobs, now })
      await api.register(exportRoutes, { db: deps.db, blobs, now })
      await api.register(householdRoutes, { db: deps.db, now })
      await api.register(campaignRoutes, { db: deps.db, now, spotCheckPct: spotCheckSettings.discrepancyPct })
      await api.register(reportRoutes, { db: deps.db, blobs, now, spotCheckPct: spotCheckSettings.discrepancyPct })
      await api.register(importRoutes, { db: deps.db, now })
      await api.register(staffRoutes, { db: deps.db, now })
      await api.register(rosterChangeRoutes, { db: deps.db })
      await api.register(spotCheckRoutes, { db: deps.db, now, settings: spotCheckSettings })
      await api.register(fraudCaseRoutes, { db: deps.db, now })
      await api.register(auditLogRoutes, { db: deps.db })
      await api.register(reviewRoutes, { db: deps.db, now })
      await api.register(offRegisterRoutes, { db: deps.db, now })
      // Residents' feedback needs no sign-in either: their signing link is the credential.
      await api.register(feedbackRoutes, { db: deps.db, now })
      await api.register(clientErrorRoutes, { db: deps.db, now })
      await api.register(dataRequestRoutes, { db: deps.db, blobs, now })
      // No sign-in: the one-time setup code printed at a deployment's first start is the credential.
      await api.register(setupRoutes, { db: deps.db, now, sessionDays: deps.config.SESSION_DAYS })
      // No sign-in: the resident's phone opens the link; the link's own signature is the credential.
      await api.register(publicSignRoutes, { db: deps.db, blobs, now, retentionDays: deps.config.RETENTION_DAYS })
    },
    { prefix: API_PREFIX },
  )
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  app.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true }))

  if (fs.existsSync(deps.config.H5_DIR)) {
    await app.register(fastifyStatic, { root: deps.config.H5_DIR, prefix: '/', cacheControl: false, setHeaders: setStaticCacheHeaders })
  }
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `${ERRORS.NOT_FOUND.message}：${req.method} ${req.url}` } })
  })
  return app
}

/** A content-hashed file (`name.1a2b3c4d.js`) never changes: cached for a year. index.html and sw.js are checked each time, so a new build arrives. */
const HASHED_FILE = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i

function setStaticCacheHeaders(res: { setHeader(name: string, value: string): unknown }, filePath: string): void {
  res.setHeader('cache-control', HASHED_FILE.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache')
}
