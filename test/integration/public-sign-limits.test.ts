// Public signing's rate limit (#12 item 8) over real HTTP behind a trusted proxy (TRUST_PROXY): counted per link,
// per client (address + browser) and per address, in the database, so a restarted process or a second one on the
// same database sees the same counts; an address change does not get round a link's limit, and residents behind
// one proxy or one shared Wi-Fi do not share one limit.
import { startTestServer, type TestServer } from '../helpers/test-server'
import { SIGN_LIMITS, VIEW_LIMITS } from '../../server/src/routes/public-sign'

jest.setTimeout(90_000)

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ config: { TRUST_PROXY: '127.0.0.1' } })
})
afterAll(async () => {
  await server?.close()
})

/** A pooled keep-alive socket to a server that has since restarted fails once, before the request reaches it. */
const retried = (url: string, init: RequestInit) => fetch(url, init).catch(() => fetch(url, init))

/** A signing attempt as the proxy forwards it: the resident's address in X-Forwarded-For. */
async function sign(token: string, from: { ip: string; agent?: string }) {
  const res = await retried(`${server.url}/api/v1/public/sign/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from.ip, 'user-agent': from.agent ?? 'Mozilla/5.0 (Linux; Android 13) MicroMessenger' },
    body: JSON.stringify({ signerName: '测试', signaturePng: 'AAAA' }),
  })
  const body = (await res.json()) as { error?: { code: string } }
  return { status: res.status, code: body.error?.code }
}

async function view(token: string, from: { ip: string; agent?: string }) {
  const res = await retried(`${server.url}/api/v1/public/sign/${token}`, {
    headers: { 'x-forwarded-for': from.ip, 'user-agent': from.agent ?? 'Mozilla/5.0 (iPhone) MicroMessenger' },
  })
  await res.arrayBuffer()
  return res.status
}

it('limits one link however many addresses try it', async () => {
  const statuses: number[] = []
  for (let i = 0; i < SIGN_LIMITS.perLink; i++) statuses.push((await sign('link-a', { ip: `203.0.113.${i + 1}` })).status)
  expect(statuses).not.toContain(429)
  expect(await sign('link-a', { ip: '198.51.100.77' })).toEqual({ status: 429, code: 'RATE_LIMITED' })
  // Another link is not held up by it.
  expect((await sign('link-b', { ip: '198.51.100.77' })).status).not.toBe(429)
})

it('limits one client over many links, but not its neighbours behind the same proxy or Wi-Fi', async () => {
  const client = { ip: '203.0.113.50', agent: 'phone-A' }
  for (let i = 0; i < SIGN_LIMITS.perClient; i++) expect((await sign(`c-link-${i}`, client)).status).not.toBe(429)
  expect(await sign('c-link-over', client)).toEqual({ status: 429, code: 'RATE_LIMITED' })
  // Another resident's phone on the same village Wi-Fi (same address, another browser), and one elsewhere.
  expect((await sign('c-link-neighbour', { ip: '203.0.113.50', agent: 'phone-B' })).status).not.toBe(429)
  expect((await sign('c-link-elsewhere', { ip: '203.0.113.51', agent: 'phone-A' })).status).not.toBe(429)
})

it('keeps counting across a restart: a new process on the same database sees the counts', async () => {
  const client = { ip: '203.0.113.90', agent: 'phone-C' }
  for (let i = 0; i < VIEW_LIMITS.perLink; i++) expect(await view('v-link', { ...client, agent: `phone-${i}` })).not.toBe(429)
  await server.restart()
  expect(await view('v-link', client)).toBe(429)
  const rows = await server.db.kysely.selectFrom('login_throttle').select(['key', 'failures']).where('key', 'like', 'public-view:link:%').execute()
  expect(rows).toEqual([{ key: expect.stringMatching(/^public-view:link:[0-9a-f]{32}$/), failures: VIEW_LIMITS.perLink + 1 }])
  // Neither the token nor the address is stored in a key.
  const keys = (await server.db.kysely.selectFrom('login_throttle').select('key').execute()).map((r) => r.key).join(' ')
  expect(keys).not.toContain('v-link')
  expect(keys).not.toContain('203.0.113')
})

it('without a trusted proxy counts the proxy itself as the client: X-Forwarded-For is not believed', async () => {
  const direct = await startTestServer({ config: {} })
  try {
    const attempt = async (i: number) =>
      (
        await fetch(`${direct.url}/api/v1/public/sign/d-link-${i}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i + 1}`, 'user-agent': 'same' },
          body: JSON.stringify({ signerName: '测试', signaturePng: 'AAAA' }),
        })
      ).status
    const statuses: number[] = []
    for (let i = 0; i <= SIGN_LIMITS.perClient; i++) statuses.push(await attempt(i))
    expect(statuses.slice(0, -1)).not.toContain(429)
    expect(statuses.at(-1)).toBe(429)
  } finally {
    await direct.close()
  }
})
