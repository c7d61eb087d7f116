// Security headers and the last two answers outside the app's error format: CSP, frame and referrer rules on every
// answer, no-store on the API's JSON, HSTS only over TLS (here a trusted proxy's x-forwarded-proto), and 414 / 413
// answered as { error: { code, message } }. Both databases.
import { loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'

let server: TestServer
let token: string

beforeAll(async () => {
  server = await startTestServer({ config: { TRUST_PROXY: true } })
  token = await loginAs(server.url, 'demo-t1-v01-g1')
})
afterAll(() => server.close())

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers: { authorization: `Bearer ${token}`, ...headers } })

describe(`security headers (${TEST_DIALECT})`, () => {
  it('sends CSP, frame and referrer rules and no-store on an API answer with personal data', async () => {
    const res = await get('/api/v1/sync/pull?cursor=0')
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("img-src 'self' data: blob:")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('strict-transport-security')).toBeNull()
  })

  it('sends no-store on an API error answer too', async () => {
    const res = await get('/api/v1/households/no-such-household')
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('sends HSTS only on a request that came over TLS through the trusted proxy', async () => {
    const res = await get('/api/health', { 'x-forwarded-proto': 'https' })
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/)
  })

  it('answers a URL too long with 414 in the app’s error format', async () => {
    const res = await fetch(`${server.url}/api/v1/public/sign/${'a'.repeat(5000)}`)
    expect(res.status).toBe(414)
    expect(await res.json()).toEqual({ error: { code: 'URI_TOO_LONG', message: expect.any(String) } })
  })

  it('answers a login body over the limit with 413 in the app’s error format', async () => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'x'.repeat(64 * 1024) }),
    })
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ error: { code: 'BODY_TOO_LARGE', message: expect.any(String) } })
  })
})
