// Sessions: logout revokes the token on the server, and their lifetime is SESSION_DAYS.
import { api, loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'

jest.setTimeout(60_000)

describe(`sessions (${TEST_DIALECT})`, () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer({ config: { SESSION_DAYS: 3 } })
  })
  afterAll(async () => server?.close())

  it('logout ends this token everywhere and leaves the person’s other sessions alone', async () => {
    const phone = await loginAs(server.url, 'demo-t1-v01-g1')
    const tablet = await loginAs(server.url, 'demo-t1-v01-g1')
    const out = await api(server.url, 'POST', '/api/v1/auth/logout', { token: phone })
    expect([out.status, out.body]).toEqual([200, { ok: true }])
    const after = await api(server.url, 'GET', '/api/v1/me', { token: phone })
    expect([after.status, after.body.error.code]).toEqual([401, 'UNAUTHENTICATED'])
    expect((await api(server.url, 'GET', '/api/v1/me', { token: tablet })).status).toBe(200)
    const again = await api(server.url, 'POST', '/api/v1/auth/logout', { token: phone })
    expect(again.status).toBe(401)
    const log = await server.db.kysely.selectFrom('audit_log').select('action').where('user_id', '=', 'u-t1-v01-g1').execute()
    expect(log.map((l) => l.action)).toContain('logout')
  })

  it('lasts SESSION_DAYS', async () => {
    const before = Date.now()
    const res = await api(server.url, 'POST', '/api/v1/auth/login', { body: { code: 'demo-t1' } })
    const days = (Date.parse(res.body.expiresAt) - before) / 86_400_000
    expect(days).toBeGreaterThanOrEqual(3)
    expect(days).toBeLessThan(3.01)
  })
})
