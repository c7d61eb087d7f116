// Crash reports (POST /client-errors) on the real server: stored scrubbed of personal data, any signed-in role,
// never without sign-in, the hourly quota per account, old reports dropped. Runs on SQLite and PostgreSQL.
import { scrubErrorText } from '../../src/core/client-error'
import { CLIENT_ERROR_QUOTA } from '../../server/src/services/client-errors'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'

jest.setTimeout(60_000)

const DAY = 86_400_000
let clock = Date.UTC(2026, 10, 30, 2)
let server: TestServer
let worker: string
let verifier: string

const report = (as: string | undefined, body: unknown) => api(server.url, 'POST', '/api/v1/client-errors', { token: as, body })
const rows = () => server.db.kysely.selectFrom('client_errors').selectAll().orderBy('created_at').execute()

beforeAll(async () => {
  server = await startTestServer({ seed: SMALL_COUNTY, now: () => clock })
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  verifier = await loginAs(server.url, 'demo-verifier-t1')
})
afterAll(async () => server?.close())

it('stores a report without the phone numbers, ID numbers, link tokens and e-mail addresses in it', async () => {
  const res = await report(worker, {
    platform: 'weapp',
    kind: 'rejection',
    message: 'TypeError: cannot read 13812345678 of 110101199001011234 (https://fz.example.gov.cn/sign?t=abc#tok) a.b@c.cn',
    stack: 'at render (pages/household/index.js:12:34)\nat call 138 1234 5678',
    page: 'pages/household/index?id=t1-v01-g1-h001&name=李秀英',
    version: '0.1.0',
  })
  expect([res.status, res.body]).toEqual([200, { stored: true }])
  const [row] = await rows()
  expect(row).toMatchObject({ platform: 'weapp', kind: 'rejection', role: 'worker', page: 'pages/household/index', version: '0.1.0' })
  const stored = `${row.message}\n${row.stack}`
  for (const secret of ['13812345678', '110101199001011234', '1234 5678', 'abc', 'tok', 'a.b@c.cn', '李秀英']) expect(stored).not.toContain(secret)
  expect(row.message).toContain('https://fz.example.gov.cn/sign?…')
  // Short numbers that say where in the code it failed stay.
  expect(row.stack).toContain('index.js:12:34')
})

it('takes reports from every signed-in role, the 核查员 too, and none without sign-in', async () => {
  expect((await report(verifier, { platform: 'h5', kind: 'error', message: 'ReferenceError: x' })).body).toEqual({ stored: true })
  const anonymous = await report(undefined, { platform: 'h5', kind: 'error', message: 'x' })
  expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'UNAUTHENTICATED'])
})

it('refuses a malformed or oversized report with 400', async () => {
  for (const body of [
    { platform: 'android', kind: 'error', message: 'x' },
    { platform: 'weapp', kind: 'error', message: '' },
    { platform: 'weapp', kind: 'error', message: 'x'.repeat(501) },
    { platform: 'weapp', kind: 'error', message: 'a\u0000b' },
  ]) {
    const res = await report(worker, body)
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED'])
  }
})

it(`keeps ${CLIENT_ERROR_QUOTA.perUser} reports an hour per account and drops the rest quietly`, async () => {
  clock += 2 * 3_600_000
  const answers: boolean[] = []
  for (let i = 0; i < CLIENT_ERROR_QUOTA.perUser + 3; i++) answers.push((await report(worker, { platform: 'weapp', kind: 'error', message: `loop ${i}` })).body.stored)
  expect(answers.filter(Boolean)).toHaveLength(CLIENT_ERROR_QUOTA.perUser)
  expect(answers.slice(-3)).toEqual([false, false, false])
  // Another account is not held back by this one's loop.
  expect((await report(verifier, { platform: 'h5', kind: 'error', message: 'y' })).body.stored).toBe(true)
  clock += 3_600_000 + 1
  expect((await report(worker, { platform: 'weapp', kind: 'error', message: 'next hour' })).body.stored).toBe(true)
})

it(`drops reports older than ${CLIENT_ERROR_QUOTA.keepDays} days as new ones come`, async () => {
  const before = (await rows()).length
  clock += (CLIENT_ERROR_QUOTA.keepDays + 1) * DAY
  // The session of three months ago has ended too.
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  expect((await report(worker, { platform: 'weapp', kind: 'error', message: 'much later' })).body.stored).toBe(true)
  const after = await rows()
  expect(before).toBeGreaterThan(1)
  expect(after.map((r) => r.message)).toEqual(['much later'])
})

describe('scrubErrorText', () => {
  it('cuts digit runs, link queries and e-mail, and truncates', () => {
    expect(scrubErrorText('call 13812345678 now', 100)).toBe('call # now')
    expect(scrubErrorText('line 12:34', 100)).toBe('line 12:34')
    expect(scrubErrorText('see http://a.b/c?d=1 ok', 100)).toBe('see http://a.b/c?… ok')
    expect(scrubErrorText('x'.repeat(20), 10)).toBe('x'.repeat(9) + '…')
  })
})
