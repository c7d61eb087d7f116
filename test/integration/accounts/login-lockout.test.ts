// Login lockout held in the database: failures on two server instances sharing one database add up, per code and
// per client address, and the 429 says when to try again.
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../server/src/app'
import { loadConfig } from '../../../server/src/config'
import type { Db } from '../../../server/src/db/database'
import { api, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'

jest.setTimeout(60_000)

const MINUTE = 60_000

describe(`login lockout across two server instances (${TEST_DIALECT})`, () => {
  let a: TestServer
  let b: { url: string; app: FastifyInstance; db: Db }
  let clock = Date.UTC(2026, 11, 1, 2)

  beforeAll(async () => {
    a = await startTestServer({ now: () => clock })
    // A second server on the same database with its own connection pool: nothing in memory is shared.
    const db = a.dbHandle.open()
    const app = await buildApp({ config: loadConfig({}, { LOG_LEVEL: 'silent', H5_DIR: '/nonexistent', SEED_DEMO: 'never', MEDIA_DIR: '/nonexistent' }), db, now: () => clock })
    await app.listen({ port: 0, host: '127.0.0.1' })
    b = { url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, app, db }
  })
  afterAll(async () => {
    await b?.app.close()
    await b?.db.close()
    await a?.close()
  })

  const login = (url: string, code: string) => api(url, 'POST', '/api/v1/auth/login', { body: { code } })

  it('locks a code after five failures split over both servers, on both, and lets it go after 15 minutes', async () => {
    // A code that would work once unlocked: the lock is per code, whoever types it.
    await a.db.kysely.updateTable('users').set({ login_code_hash: null }).where('id', '=', 'u-t1-v01-g1').execute()
    for (const url of [a.url, b.url, a.url, b.url]) expect((await login(url, 'demo-t1-v01-g1')).body.error.code).toBe('LOGIN_CODE_INVALID')
    const fifth = await login(a.url, 'demo-t1-v01-g1')
    expect([fifth.status, fifth.body.error.code]).toEqual([429, 'LOGIN_LOCKED'])

    const { hashCode } = await import('../../../server/src/auth/secrets')
    await a.db.kysely.updateTable('users').set({ login_code_hash: hashCode('demo-t1-v01-g1') }).where('id', '=', 'u-t1-v01-g1').execute()
    const res = await fetch(`${b.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'demo-t1-v01-g1' }) })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBe(15 * 60)
    const body = (await res.json()) as { error: { code: string; message: string; details: { retryAt: string } } }
    expect(body.error.message).toBe('登录失败次数过多，已暂停登录。请在 10:15（约 15 分钟后）再试')
    expect(Date.parse(body.error.details.retryAt)).toBe(clock + 15 * MINUTE)
    // Other codes from the same address still work: five failures do not lock an address.
    expect((await login(a.url, 'demo-t1')).status).toBe(200)

    clock += 15 * MINUTE
    expect((await login(b.url, 'demo-t1-v01-g1')).status).toBe(200)
    const locks = await a.db.kysely.selectFrom('audit_log').select('detail').where('action', '=', 'login.locked').execute()
    expect(locks).toHaveLength(1)
    expect(locks[0].detail).not.toContain('demo-t1-v01-g1')
  })

  it('locks a client address after twenty failures with different codes, across both servers', async () => {
    clock += 60 * MINUTE
    for (let i = 0; i < 19; i++) {
      const res = await login(i % 2 ? a.url : b.url, `guess-${String(i).padStart(4, '0')}-xxxx`)
      expect(res.body.error.code).toBe('LOGIN_CODE_INVALID')
    }
    expect((await login(a.url, 'guess-last-xxxx')).status).toBe(429)
    // Now even a right code from this address waits.
    const right = await login(b.url, 'demo-t1')
    expect([right.status, right.body.error.code]).toEqual([429, 'LOGIN_LOCKED'])
    clock += 15 * MINUTE
    expect((await login(b.url, 'demo-t1')).status).toBe(200)
  })

  it('counts a window of 15 minutes: failures spread out further do not lock', async () => {
    clock += 60 * MINUTE
    for (let i = 0; i < 8; i++) {
      expect((await login(i % 2 ? a.url : b.url, 'slow-guess-code')).body.error.code).toBe('LOGIN_CODE_INVALID')
      clock += 4 * MINUTE
    }
  })
})
