// 操作记录: county and town admins search the audit trail by who, action, dates and area, newest first and paged; a
// town sees what its own people did; searching adds nothing to the trail and no endpoint changes it.
import { chinaDate } from '../../../src/core/china-time'
import { recordAudit } from '../../../server/src/services/audit'
import { api, loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'
import { visitRecord } from '../../helpers/records'

jest.setTimeout(120_000)

const DAY = 86_400_000
let server: TestServer
const tokens: Record<string, string> = {}
const names: Record<string, string> = {}

interface Entry {
  seq: string
  userId: string | null
  userName: string
  userRole: string | null
  action: string
  actionLabel: string
  entity: string
  summary: string
}

const search = async (token: string, query: Record<string, string | number> = {}) => {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()
  return api(server.url, 'GET', `/api/v1/audit-log${qs ? `?${qs}` : ''}`, { token })
}
const entries = async (token: string, query: Record<string, string | number> = {}): Promise<Entry[]> => {
  const res = await search(token, { limit: 200, ...query })
  expect(res.status).toBe(200)
  return res.body.entries
}

beforeAll(async () => {
  server = await startTestServer()
  const logins = { town: 'demo-t1', town2: 'demo-t2', county: 'demo-county', head: 'demo-t1-v01', worker: 'demo-t1-v01-g1', worker2: 'demo-t2-v01-g1' }
  for (const [role, code] of Object.entries(logins)) {
    tokens[role] = await loginAs(server.url, code)
    const me = await api(server.url, 'GET', '/api/v1/me', { token: tokens[role] })
    names[role] = me.body.id
  }
  const db = server.db.kysely
  // An action no label names yet, by the t1 worker, and an entry no signed-in user made.
  await recordAudit(db, { at: Date.now(), userId: names.worker, action: 'zz.future_action', entity: 'thing', entityId: 'x1', detail: { n: 3, note: 'a'.repeat(300) } })
  await recordAudit(db, { at: Date.now(), userId: null, action: 'sign_link.view.refused', entity: 'sign_link', detail: { code: 'SIGN_LINK_INVALID' } })
  const household = await db.selectFrom('households').select('id').where('grid_id', '=', 't1-v01-g1').executeTakeFirstOrThrow()
  // The t1 worker's push and a day-old entry of the t1 village head.
  await api(server.url, 'POST', '/api/v1/sync/push', { token: tokens.worker, body: { records: [visitRecord(household.id)] } })
  await recordAudit(db, { at: Date.now() - 3 * DAY, userId: names.head, action: 'household.view', entity: 'household', entityId: 'h-old' })
})
afterAll(async () => server?.close())

describe(`操作记录 (${TEST_DIALECT})`, () => {
  it('shows a town what its own people did, the county everything, newest first', async () => {
    const town = await entries(tokens.town)
    const actors = new Set(town.map((e) => e.userId))
    expect(actors).toContain(names.worker)
    expect(actors).toContain(names.head)
    expect(actors).not.toContain(names.worker2)
    expect(actors).not.toContain(names.town2)
    expect(actors).not.toContain(null)
    const seqs = town.map((e) => Number(e.seq))
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a))

    const county = await entries(tokens.county)
    expect(county.map((e) => e.userId)).toEqual(expect.arrayContaining([names.worker2, names.town2, null]))
  })

  it('names the acting user and role, the action in Chinese (the raw action when unknown) and a short detail', async () => {
    const all = await entries(tokens.town)
    const login = all.find((e) => e.action === 'login' && e.userId === names.worker)!
    expect(login).toMatchObject({ actionLabel: '登录', userRole: 'worker', entity: 'user' })
    expect(login.userName).not.toBe('')
    expect(login.summary).toBe('method=code')
    const unknown = all.find((e) => e.action === 'zz.future_action')!
    expect(unknown.actionLabel).toBe('zz.future_action')
    expect(unknown.summary.startsWith('n=3，note=aaa')).toBe(true)
    expect(unknown.summary.length).toBeLessThanOrEqual(120)
  })

  it('filters by who, action (a list, with prefixes), dates and area', async () => {
    const byWorker = await entries(tokens.town, { who: names.worker })
    expect(new Set(byWorker.map((e) => e.userId))).toEqual(new Set([names.worker]))
    const headName = (await server.db.kysely.selectFrom('users').select('name').where('id', '=', names.head).executeTakeFirstOrThrow()).name
    expect(new Set((await entries(tokens.town, { who: headName })).map((e) => e.userId))).toEqual(new Set([names.head]))

    const listed = await entries(tokens.town, { action: 'sync.push,household.*' })
    expect(new Set(listed.map((e) => e.action))).toEqual(new Set(['sync.push', 'household.view']))
    // `_` in a prefix is a plain character: `sign_link.*` matches only sign_link actions.
    expect((await entries(tokens.county, { action: 'sign_link.*' })).map((e) => e.action)).toEqual(['sign_link.view.refused'])

    const today = chinaDate(Date.now())
    const old = chinaDate(Date.now() - 3 * DAY)
    expect((await entries(tokens.town, { action: 'household.view', to: chinaDate(Date.now() - 2 * DAY) })).map((e) => e.userId)).toEqual([names.head])
    expect(await entries(tokens.town, { action: 'household.view', from: today })).toEqual([])
    expect((await entries(tokens.town, { from: old, to: old })).length).toBe(1)

    const t2 = await entries(tokens.county, { areaId: 't2' })
    expect(t2.length).toBeGreaterThan(0)
    expect(t2.every((e) => e.userId === names.worker2 || e.userId === names.town2)).toBe(true)
    const village = await entries(tokens.town, { areaId: 't1-v01' })
    expect(new Set(village.map((e) => e.userId))).toEqual(new Set([names.worker, names.head]))
  })

  it('pages with a cursor', async () => {
    const first = await search(tokens.town, { limit: 2 })
    expect(first.body.entries).toHaveLength(2)
    const second = await search(tokens.town, { limit: 2, before: first.body.next })
    expect(Number(second.body.entries[0].seq)).toBeLessThan(Number(first.body.entries[1].seq))
  })

  it('is refused to village heads, workers and another area; searching is not itself audited', async () => {
    expect((await search(tokens.head)).status).toBe(403)
    expect((await search(tokens.worker)).status).toBe(403)
    expect((await search(tokens.town2, { areaId: 't1' })).status).toBe(403)
    const count = async () => Number((await server.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    const before = await count()
    await search(tokens.county)
    await search(tokens.town, { action: 'login' })
    expect(await count()).toBe(before)
  })
})
