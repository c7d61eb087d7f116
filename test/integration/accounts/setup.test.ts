// First start of a real deployment: the printed one-time setup code makes the county and its first administrator,
// once; after that, and for an expired or wrong code, the setup path is closed.
import { issuedCodeHash } from '../../../server/src/auth/codes'
import { issueSetupCode } from '../../../server/src/services/setup'
import { SETUP_PAGE_PATH } from '../../../src/core/schemas/setup'
import { OFFICIAL_PAGES, OFFICIAL_ROOT } from '../../../src/pages/routes'
import { api, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'

jest.setTimeout(60_000)

const HOUR = 3600_000

describe(`first-run setup (${TEST_DIALECT})`, () => {
  let server: TestServer
  let clock = Date.UTC(2026, 11, 1, 2)

  beforeAll(async () => {
    server = await startTestServer({ seed: false, now: () => clock })
  })
  afterAll(async () => server?.close())

  const setup = (body: object) => api(server.url, 'POST', '/api/v1/setup', { body })
  const form = (code: string) => ({ code, countyName: '清河县', adminName: '王建国', adminPhone: '13800001111' })

  it('says setup is needed on an empty database', async () => {
    expect((await api(server.url, 'GET', '/api/v1/setup')).body).toEqual({ needed: true })
  })

  it('refuses a wrong code and an expired one, each with its own stable code', async () => {
    const old = await issueSetupCode(server.db, clock - 25 * HOUR)
    const expired = await setup(form(old.code))
    expect([expired.status, expired.body.error.code]).toEqual([410, 'SETUP_CODE_EXPIRED'])
    const wrong = await setup(form('2345-6789-ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2'))
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'SETUP_CODE_INVALID'])
    const rows = await server.db.kysely.selectFrom('areas').select('id').execute()
    expect(rows).toEqual([])
  })

  it('stores the code only hashed and makes it long and random', async () => {
    const a = await issueSetupCode(server.db, clock)
    const b = await issueSetupCode(server.db, clock)
    expect(a.code).not.toBe(b.code)
    expect(a.code.replace(/-/g, '')).toMatch(/^[2-9A-HJKMNP-Z]{32}$/)
    const stored = await server.db.kysely.selectFrom('setup_codes').select('code_hash').execute()
    expect(stored.map((r) => r.code_hash)).toEqual(expect.arrayContaining([issuedCodeHash(a.code)]))
    expect(JSON.stringify(stored)).not.toContain(a.code.replace(/-/g, ''))
  })

  it('creates the county and its first administrator once, with a session and a login code that works', async () => {
    clock += HOUR
    const { code } = await issueSetupCode(server.db, clock)
    const other = await issueSetupCode(server.db, clock)
    // Two people racing with two valid codes: one county.
    const [first, second] = await Promise.all([setup(form(code.toLowerCase().replace(/-/g, ' '))), setup(form(other.code))])
    const ok = [first, second].filter((r) => r.status === 201)
    expect(ok).toHaveLength(1)
    const refused = [first, second].find((r) => r.status !== 201)!
    expect([refused.status, refused.body.error.code]).toEqual([410, 'SETUP_CLOSED'])

    const res = ok[0]
    expect(res.body.user).toMatchObject({ name: '王建国', role: 'county_admin', areaName: '清河县', areaLevel: 'county' })
    expect(res.body.loginCode.replace(/-/g, '')).toMatch(/^[2-9A-HJKMNP-Z]{20}$/)
    const me = await api(server.url, 'GET', '/api/v1/me', { token: res.body.token })
    expect(me.body.areaName).toBe('清河县')
    const relogin = await api(server.url, 'POST', '/api/v1/auth/login', { body: { code: res.body.loginCode } })
    expect(relogin.status).toBe(200)
    expect(relogin.body.user.id).toBe(res.body.user.id)

    // The county can sign pledges and hand out materials from the start: the default catalogue comes with it.
    const templates = await server.db.kysely.selectFrom('pledge_templates').select('area_id').execute()
    expect(templates.map((t) => t.area_id)).toEqual([res.body.user.areaId])
    const areas = await server.db.kysely.selectFrom('areas').selectAll().execute()
    expect(areas).toHaveLength(1)

    const audit = await server.db.kysely.selectFrom('audit_log').select(['action', 'user_id']).orderBy('seq').execute()
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['setup.code', 'setup', 'user.create', 'code.issue']))
  })

  it('is closed afterwards, whatever the code', async () => {
    expect((await api(server.url, 'GET', '/api/v1/setup')).body).toEqual({ needed: false })
    const again = await issueSetupCode(server.db, clock)
    const res = await setup(form(again.code))
    expect([res.status, res.body.error.code]).toEqual([410, 'SETUP_CLOSED'])
    expect(await server.db.kysely.selectFrom('areas').select('id').execute()).toHaveLength(1)
  })

  it('prints a link the H5 app has a page for', () => {
    expect(`${OFFICIAL_ROOT}/${OFFICIAL_PAGES.setup}`).toBe(SETUP_PAGE_PATH)
  })
})

describe(`setup on a seeded (demo) database (${TEST_DIALECT})`, () => {
  it('is closed from the start', async () => {
    const server = await startTestServer()
    try {
      const { code } = await issueSetupCode(server.db, Date.now())
      const res = await api(server.url, 'POST', '/api/v1/setup', { body: { code, countyName: '某县', adminName: '李四' } })
      expect([res.status, res.body.error.code]).toEqual([410, 'SETUP_CLOSED'])
    } finally {
      await server.close()
    }
  })
})
