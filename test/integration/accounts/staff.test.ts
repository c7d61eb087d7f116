// Staff accounts: the county admin manages the county, a town official their town, a worker nobody; moves carry
// access with the person; deactivation ends every session at once; codes are long, random, hashed and audited.
import { api, loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { visitRecord } from '../../helpers/records'
import { TEST_DIALECT } from '../../helpers/test-db'

jest.setTimeout(60_000)

describe(`staff accounts (${TEST_DIALECT})`, () => {
  let server: TestServer
  let county: string
  let town1: string
  let worker: string

  beforeAll(async () => {
    server = await startTestServer()
    county = await loginAs(server.url, 'demo-county')
    town1 = await loginAs(server.url, 'demo-t1')
    worker = await loginAs(server.url, 'demo-t1-v01-g1')
  })
  afterAll(async () => server?.close())

  const call = (method: string, path: string, token: string, body?: object) => api(server.url, method, `/api/v1${path}`, { token, body })
  const audit = (entityId: string) =>
    server.db.kysely.selectFrom('audit_log').select(['action', 'user_id', 'detail']).where('entity_id', '=', entityId).orderBy('seq').execute()

  it('lets a town official create a grid worker in their town, with the phone masked in answers', async () => {
    const res = await call('POST', '/staff', town1, { name: '赵小红', phone: '139 1234 5678', role: 'worker', areaId: 't1-v02-g1' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ name: '赵小红', role: 'worker', areaId: 't1-v02-g1', phone: '139****5678', active: true, wechatBound: false, hasLoginCode: false, bindCodeExpiresAt: null })
    const list = await call('GET', '/staff?areaId=t1-v02', town1)
    expect(list.body.staff.map((s: { name: string }) => s.name)).toContain('赵小红')
    expect(JSON.stringify(list.body)).not.toContain('12345678')
    expect((await audit(res.body.id)).map((a) => [a.action, a.user_id])).toEqual([['user.create', 'u-t1']])
  })

  it('refuses a town official another town, a worker everything, and a role that does not fit the area', async () => {
    const otherTown = await call('POST', '/staff', town1, { name: '钱某', role: 'worker', areaId: 't2-v01-g1' })
    expect([otherTown.status, otherTown.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const countyLevel = await call('POST', '/staff', town1, { name: '钱某', role: 'county_admin', areaId: 'c1' })
    expect([countyLevel.status, countyLevel.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const byWorker = await call('POST', '/staff', worker, { name: '钱某', role: 'worker', areaId: 't1-v01-g1' })
    expect([byWorker.status, byWorker.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const misfit = await call('POST', '/staff', town1, { name: '钱某', role: 'village_head', areaId: 't1-v01-g2' })
    expect([misfit.status, misfit.body.error.code]).toEqual([422, 'STAFF_ROLE_AREA'])
    const theirs = await call('PUT', '/staff/u-t2-v01-g1', town1, { name: '改名' })
    expect([theirs.status, theirs.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const unknown = await call('POST', '/staff/u-nobody/deactivate', town1)
    expect([unknown.status, unknown.body.error.code]).toEqual([403, 'FORBIDDEN'])
    const count = await server.db.kysely.selectFrom('users').select('id').where('name', '=', '钱某').execute()
    expect(count).toEqual([])
  })

  it('lets the county admin create anywhere, town officials included', async () => {
    const res = await call('POST', '/staff', county, { name: '孙镇干', role: 'town_official', areaId: 't2' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ areaId: 't2', role: 'town_official' })
  })

  it('issues login codes of 20 random symbols, stored hashed; the new one replaces the old', async () => {
    const first = await call('POST', '/staff/u-t1-v02-g2/login-code', town1)
    expect(first.status).toBe(201)
    const plain = first.body.code.replace(/-/g, '')
    expect(plain).toMatch(/^[2-9A-HJKMNP-Z]{20}$/)
    expect(first.body.expiresAt).toBeNull()
    expect(first.body.staff.hasLoginCode).toBe(true)
    const codes = new Set<string>([plain])
    for (let i = 0; i < 5; i++) codes.add((await call('POST', '/staff/u-t1-v02-g2/login-code', town1)).body.code.replace(/-/g, ''))
    expect(codes.size).toBe(6)
    const latest = [...codes].pop()!
    // Typed in lower case with spaces instead of dashes, as people do.
    const typed = latest.toLowerCase().replace(/(.{4})/g, '$1 ').trim()
    const login = await api(server.url, 'POST', '/api/v1/auth/login', { body: { code: typed } })
    expect([login.status, login.body.user?.id]).toEqual([200, 'u-t1-v02-g2'])
    const old = await api(server.url, 'POST', '/api/v1/auth/login', { body: { code: first.body.code } })
    expect(old.body.error.code).toBe('LOGIN_CODE_INVALID')
    const row = await server.db.kysely.selectFrom('users').select('login_code_hash').where('id', '=', 'u-t1-v02-g2').executeTakeFirstOrThrow()
    expect(row.login_code_hash).toMatch(/^[0-9a-f]{64}$/)
    const issued = (await audit('u-t1-v02-g2')).filter((a) => a.action === 'code.issue')
    expect(issued).toHaveLength(6)
    expect(issued.map((a) => a.detail).join()).not.toContain(plain)
  })

  it('issues, shows the expiry of, and revokes a binding code', async () => {
    const issued = await call('POST', '/staff/u-t1-v02-g1/bind-code', town1)
    expect(issued.status).toBe(201)
    expect(issued.body.code.replace(/-/g, '')).toMatch(/^[2-9A-HJKMNP-Z]{16}$/)
    const days = (Date.parse(issued.body.expiresAt) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(6.9)
    expect(days).toBeLessThanOrEqual(7)
    expect(issued.body.staff.bindCodeExpiresAt).toBe(issued.body.expiresAt)
    const revoked = await call('DELETE', '/staff/u-t1-v02-g1/bind-code', town1)
    expect(revoked.body.bindCodeExpiresAt).toBeNull()
    expect((await audit('u-t1-v02-g1')).map((a) => a.action)).toEqual(['code.issue', 'code.revoke'])
  })

  it('moves a worker to another grid: access moves with the person, their records keep their grid', async () => {
    const token = await loginAs(server.url, 'demo-t1-v01-g2')
    const before = await call('GET', '/coverage', token)
    expect(before.body.area.areaId).toBe('t1-v01-g2')
    const h = await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', 't1-v01-g2').executeTakeFirstOrThrow()
    const visit = visitRecord(h.id)
    const pushed = await call('POST', '/sync/push', token, { records: [visit] })
    expect(pushed.body.results[0].status).toBe('stored')
    const moved = await call('PUT', '/staff/u-t1-v01-g2', town1, { areaId: 't1-v02-g2' })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ areaId: 't1-v02-g2', role: 'worker' })
    const after = await call('GET', '/coverage', token)
    expect(after.body.area.areaId).toBe('t1-v02-g2')
    const old = await call('GET', '/coverage?areaId=t1-v01-g2', token)
    expect(old.status).toBe(403)
    const record = await server.db.kysely.selectFrom('records').select(['grid_id', 'author_id']).where('id', '=', visit.id).executeTakeFirstOrThrow()
    expect(record).toEqual({ grid_id: 't1-v01-g2', author_id: 'u-t1-v01-g2' })
    const log = (await audit('u-t1-v01-g2')).find((a) => a.action === 'user.move')!
    expect(JSON.parse(log.detail)).toEqual({ area: ['t1-v01-g2', 't1-v02-g2'] })

    // A move to a village needs the role that fits it; a town official cannot move anyone out of their town.
    const misfit = await call('PUT', '/staff/u-t1-v01-g2', town1, { areaId: 't1-v02' })
    expect(misfit.body.error.code).toBe('STAFF_ROLE_AREA')
    const promoted = await call('PUT', '/staff/u-t1-v01-g2', town1, { areaId: 't1-v02', role: 'village_head' })
    expect(promoted.body).toMatchObject({ areaId: 't1-v02', role: 'village_head' })
    const away = await call('PUT', '/staff/u-t1-v01-g2', town1, { areaId: 't2-v01', role: 'village_head' })
    expect(away.body.error.code).toBe('FORBIDDEN')
    const self = await call('PUT', '/staff/u-t1', town1, { areaId: 't1-v01', role: 'village_head' })
    expect(self.body.error.code).toBe('STAFF_SELF')
    const rename = await call('PUT', '/staff/u-t1', town1, { name: '新名字' })
    expect(rename.body.name).toBe('新名字')
  })

  it('deactivation ends every session of the person at once; a restart lets them log in again', async () => {
    const sessions = await Promise.all([1, 2, 3].map(() => loginAs(server.url, 'demo-t1-v01')))
    for (const t of sessions) expect((await call('GET', '/me', t)).status).toBe(200)
    await call('POST', '/staff/u-t1-v01/bind-code', town1)
    const off = await call('POST', '/staff/u-t1-v01/deactivate', town1)
    expect(off.body).toMatchObject({ active: false, bindCodeExpiresAt: null })
    for (const t of sessions) expect((await call('GET', '/me', t)).body.error.code).toBe('UNAUTHENTICATED')
    const left = await server.db.kysely.selectFrom('sessions').select('token_hash').where('user_id', '=', 'u-t1-v01').execute()
    expect(left).toEqual([])
    const login = await api(server.url, 'POST', '/api/v1/auth/login', { body: { code: 'demo-t1-v01' } })
    expect([login.status, login.body.error.code]).toEqual([403, 'ACCOUNT_DISABLED'])
    const code = await call('POST', '/staff/u-t1-v01/bind-code', town1)
    expect(code.body.error.code).toBe('STAFF_INACTIVE')
    const log = (await audit('u-t1-v01')).find((a) => a.action === 'user.deactivate')!
    expect(JSON.parse(log.detail)).toEqual({ sessionsRevoked: 3 })

    const self = await call('POST', '/staff/u-t1/deactivate', town1)
    expect(self.body.error.code).toBe('STAFF_SELF')

    const on = await call('POST', '/staff/u-t1-v01/reactivate', town1)
    expect(on.body.active).toBe(true)
    expect((await api(server.url, 'POST', '/api/v1/auth/login', { body: { code: 'demo-t1-v01' } })).status).toBe(200)
  })

  it('lists areas of a level to choose from, only within the caller’s area', async () => {
    const grids = await call('GET', '/staff/areas?level=grid&q=' + encodeURIComponent('网格'), town1)
    expect(grids.status).toBe(200)
    expect(grids.body.areas.length).toBeGreaterThan(0)
    for (const a of grids.body.areas) expect(a.id.startsWith('t1-')).toBe(true)
    expect(grids.body.areas[0].path.split(' / ')).toHaveLength(3)
    const outside = await call('GET', '/staff/areas?level=grid&areaId=t2', town1)
    expect(outside.status).toBe(403)
  })
})
