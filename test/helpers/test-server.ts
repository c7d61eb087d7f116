// The real server on a real database, listening on a loopback port, for tests that speak HTTP.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/src/app'
import { loadConfig, type Config } from '../../server/src/config'
import type { Db } from '../../server/src/db/database'
import { seedDemoCounty, type SeedOptions } from '../../server/src/seed/demo-county'
import { createTestDatabase, type TestDbHandle } from './test-db'

export const SMALL_COUNTY: SeedOptions = {
  seed: 7,
  towns: 2,
  villagesPerTown: [2, 2],
  gridsPerVillage: [2, 2],
  householdsPerGrid: [8, 8],
}

export interface TestServer {
  url: string
  db: Db
  dbHandle: TestDbHandle
  app: FastifyInstance
  /** Stops the HTTP server and closes the connection, keeping the database. */
  stop(): Promise<void>
  /** Starts a new server process-equivalent on the same database (and the same port when possible). */
  restart(): Promise<void>
  close(): Promise<void>
}

export async function startTestServer(
  opts: { seed?: SeedOptions | false; config?: Partial<Config>; now?: () => number; logStream?: NodeJS.WritableStream } = {},
): Promise<TestServer> {
  const dbHandle = await createTestDatabase()
  // Media goes to a temp folder of this server's own unless the test names one.
  const mediaDir = opts.config?.MEDIA_DIR ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-media-'))
  const config = loadConfig({}, { LOG_LEVEL: 'silent', H5_DIR: '/nonexistent', SEED_DEMO: 'never', ...(mediaDir ? { MEDIA_DIR: mediaDir } : {}), ...opts.config })
  const seedDb = dbHandle.open()
  if (opts.seed !== false) await seedDemoCounty(seedDb, opts.seed ?? SMALL_COUNTY)
  await seedDb.close()

  let port = 0
  const server = {} as TestServer
  const start = async () => {
    const db = dbHandle.open()
    const app = await buildApp({ config, db, now: opts.now, logStream: opts.logStream })
    await app.listen({ port, host: '127.0.0.1' })
    port = (app.server.address() as { port: number }).port
    Object.assign(server, { url: `http://127.0.0.1:${port}`, db, app })
  }
  server.dbHandle = dbHandle
  server.stop = async () => {
    await server.app.close()
    await server.db.close()
  }
  server.restart = async () => {
    await server.stop()
    await start()
  }
  server.close = async () => {
    await server.stop()
    await dbHandle.drop()
    if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true })
  }
  await start()
  return server
}

export async function api(base: string, method: string, path: string, opts: { token?: string; body?: unknown } = {}) {
  const res = await fetchOnce(base + path, method, opts).catch(() =>
    // A pooled keep-alive socket to a server that has since restarted fails once; every call here is safe to repeat.
    fetchOnce(base + path, method, opts),
  )
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

function fetchOnce(url: string, method: string, opts: { token?: string; body?: unknown }) {
  return fetch(url, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  })
}

export async function loginAs(base: string, code: string): Promise<string> {
  const res = await api(base, 'POST', '/api/v1/auth/login', { body: { code } })
  if (res.status !== 200) throw new Error(`login ${code} failed: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.token as string
}
