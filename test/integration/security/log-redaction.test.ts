// Secrets never reach the request log: a signing link's token (in the path), tokens and codes in a query string, the
// login code and the bearer token. The server's own log lines are captured and searched. Both databases.
import { PassThrough } from 'node:stream'
import { api, loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'

const LINK_TOKEN = 'eyJoIjoidDEtdjAxLWcxLWgwMDEifQ.c2VjcmV0LXNpZ25hdHVyZS1vZi10aGUtbGluaw'
const QUERY_CODE = 'BIND-CODE-7Q4K'

let server: TestServer
let log = ''

beforeAll(async () => {
  const stream = new PassThrough()
  stream.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')))
  server = await startTestServer({ config: { LOG_LEVEL: 'info' }, logStream: stream })
})
afterAll(() => server.close())

describe(`secrets in the request log (${TEST_DIALECT})`, () => {
  it('logs a signing-link request and a login without the token, the code or the bearer token', async () => {
    await api(server.url, 'GET', `/api/v1/public/sign/${LINK_TOKEN}`)
    await api(server.url, 'GET', `/api/v1/public/sign/${LINK_TOKEN}?token=${LINK_TOKEN}&lang=zh`)
    const bearer = await loginAs(server.url, 'demo-t1-v01-g1')
    await api(server.url, 'GET', `/api/v1/me?code=${QUERY_CODE}`, { token: bearer })

    expect(log).toContain('/api/v1/public/sign/[redacted]')
    expect(log).toContain('token=[redacted]&lang=zh')
    expect(log).toContain('/api/v1/me?code=[redacted]')
    expect(log).toContain('/api/v1/auth/login')
    for (const secret of [LINK_TOKEN, QUERY_CODE, 'demo-t1-v01-g1', bearer]) expect(log).not.toContain(secret)
  })

  it('logs a file request with a short prefix of its sha, never the whole sha (#12 item 1)', async () => {
    const bearer = await loginAs(server.url, 'demo-t1-v01-g1')
    const sha = 'ab12cd34'.repeat(8)
    await api(server.url, 'GET', `/api/v1/media/${sha}/status`, { token: bearer })
    await fetch(`${server.url}/api/v1/media/${sha}`, { headers: { authorization: `Bearer ${bearer}` } }).then((r) => r.arrayBuffer())
    expect(log).toContain(`/api/v1/media/${sha.slice(0, 8)}…/status`)
    expect(log).toContain(`/api/v1/media/${sha.slice(0, 8)}…"`)
    expect(log).not.toContain(sha)
    expect(log).not.toContain(sha.slice(0, 16))
  })
})
