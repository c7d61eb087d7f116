// 逐案倒查: a town official matches a victim, enters cases, and reads what the outreach had reached before each case
// date; 不属实 records are shown as such and do not count; the share of victims reached per village and town; scope.
import { chinaDate } from '../../../src/core/china-time'
import { changeReviewStates } from '../../../server/src/truth/review'
import { api, loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'
import { newId, visitRecord } from '../../helpers/records'

jest.setTimeout(120_000)

const GRID = 't1-v01-g1'
const DAY = 86_400_000
const SHA = (n: number) => n.toString(16).padStart(64, '0')
const NOW = Date.now()
const ago = (days: number) => new Date(NOW - days * DAY).toISOString()
const CASE_DATE = chinaDate(NOW - 10 * DAY)

let server: TestServer
const tokens: Record<string, string> = {}
let victim: { id: string; household_id: string; name: string; phone: string | null }
let falseHousehold: string
let otherVillageHousehold: string
let falseVisitId: string

const envelope = (householdId: string, createdAt: string) => ({ id: newId(), householdId, replaces: null, deviceId: 'dev', createdAt })
const push = async (records: unknown[]) => {
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: tokens.worker, body: { records } })
  expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(records.map(() => 'stored'))
}
const get = (token: string, path: string) => api(server.url, 'GET', `/api/v1${path}`, { token })
const createCase = (token: string, body: Record<string, unknown>) =>
  api(server.url, 'POST', '/api/v1/fraud-cases', { token, body: { caseDate: CASE_DATE, scamType: 'posing_police', amountFen: 1_250_000, ...body } })

const metVisit = (householdId: string, at: string, outcome: 'met' | 'not_home' = 'met') =>
  visitRecord(householdId, outcome, { createdAt: at, body: { outcome, peopleMet: outcome === 'met' ? 1 : 0, residentIds: [], notes: '', visitedAt: at, location: null } } as never)

beforeAll(async () => {
  server = await startTestServer()
  for (const [role, code] of Object.entries({ town: 'demo-t1', town2: 'demo-t2', county: 'demo-county', head: 'demo-t1-v01', worker: `demo-${GRID}` })) {
    tokens[role] = await loginAs(server.url, code)
  }
  const db = server.db.kysely
  const residents = await db
    .selectFrom('residents')
    .select(['id', 'household_id', 'name', 'phone'])
    .where('grid_id', '=', GRID)
    .where('deleted_at', 'is', null)
    .where('phone', 'is not', null)
    .orderBy('id')
    .execute()
  victim = residents[0]
  falseHousehold = residents.find((r) => r.household_id !== victim.household_id)!.household_id
  otherVillageHousehold = (await db.selectFrom('households').select('id').where('village_id', '=', 't1-v02').orderBy('id').executeTakeFirstOrThrow()).id
  const template = await db.selectFrom('pledge_templates').select(['id', 'content_hash']).orderBy('version', 'desc').executeTakeFirstOrThrow()
  const material = await db.selectFrom('materials').select(['id', 'name']).where('needs_receipt', '=', 0).executeTakeFirstOrThrow()

  const falseVisit = metVisit(falseHousehold, ago(20))
  falseVisitId = falseVisit.id
  await push([
    // Before the case: a visit that met the household, a hand-out, the victim's install steps.
    metVisit(victim.household_id, ago(20)),
    { ...envelope(victim.household_id, ago(18)), kind: 'handout', body: { items: [{ materialId: material.id, quantity: 2 }], recipientName: '', residentId: null, receiptSignatureSha: null, handedAt: ago(18) } },
    {
      ...envelope(victim.household_id, ago(12)),
      kind: 'install',
      body: { residentId: victim.id, steps: [{ step: 'installed', doneOn: chinaDate(NOW - 12 * DAY) }, { step: 'real_name', doneOn: chinaDate(NOW - 5 * DAY) }], screenshotShas: [SHA(1)], notes: '' },
    },
    // After the case: neither is listed.
    metVisit(victim.household_id, ago(2)),
    { ...envelope(victim.household_id, ago(3)), kind: 'pledge', body: { templateId: template.id, templateHash: template.content_hash, residentId: null, signerName: '后签人', signatureSha: SHA(2), signedAt: ago(3), channel: 'worker_device' } },
    // The other household: a met visit later found 不属实, and a 不在家 one, both before.
    falseVisit,
    metVisit(falseHousehold, ago(15), 'not_home'),
  ])
  await db.transaction().execute((trx) => changeReviewStates(trx, [{ recordId: falseVisitId, to: 'false', userId: null, at: NOW, source: 'review' }]))
})
afterAll(async () => server?.close())

describe(`逐案倒查 (${TEST_DIALECT})`, () => {
  let reachedCase: string
  let falseCase: string

  it('finds the victim by name and by the last digits of the phone, phones masked', async () => {
    const byName = await get(tokens.town, `/fraud-cases/victims?q=${encodeURIComponent(victim.name)}`)
    expect(byName.status).toBe(200)
    const household = byName.body.households.find((h: { id: string }) => h.id === victim.household_id)
    expect(household.residents.map((r: { id: string }) => r.id)).toContain(victim.id)
    const tail = victim.phone!.replace(/\D/g, '').slice(-4)
    const byPhone = await get(tokens.town, `/fraud-cases/victims?q=${tail}`)
    const found = byPhone.body.households.find((h: { id: string }) => h.id === victim.household_id)
    const shown = found.residents.find((r: { id: string }) => r.id === victim.id)
    expect(shown.phone).toMatch(/\*{4}/)
    expect(shown.phone).not.toBe(victim.phone)
    const { doorplate } = await server.db.kysely.selectFrom('households').select('doorplate').where('id', '=', victim.household_id).executeTakeFirstOrThrow()
    const byDoor = await get(tokens.county, `/fraud-cases/victims?q=${encodeURIComponent(doorplate)}`)
    expect(byDoor.body.households.map((h: { id: string }) => h.id)).toEqual([victim.household_id])
    // Another town's official does not find a household of this town.
    const other = await get(tokens.town2, `/fraud-cases/victims?q=${encodeURIComponent(victim.name)}`)
    expect(other.body.households.map((h: { id: string }) => h.id)).not.toContain(victim.household_id)
  })

  it('enters cases; a future date or a resident of another household is refused', async () => {
    const a = await createCase(tokens.town, { householdId: victim.household_id, residentId: victim.id, note: '派出所通报' })
    expect(a.status).toBe(201)
    expect(a.body).toMatchObject({ caseDate: CASE_DATE, scamType: 'posing_police', amountFen: 1_250_000, residentName: victim.name, reached: true })
    reachedCase = a.body.id
    const b = await createCase(tokens.county, { householdId: falseHousehold })
    expect([b.status, b.body.reached]).toEqual([201, false])
    falseCase = b.body.id
    expect((await createCase(tokens.town, { householdId: otherVillageHousehold, caseDate: chinaDate(NOW - 40 * DAY) })).status).toBe(201)

    const future = await createCase(tokens.town, { householdId: victim.household_id, caseDate: chinaDate(NOW + 2 * DAY) })
    expect([future.status, future.body.error.code]).toEqual([422, 'CASE_DATE_FUTURE'])
    const wrongMember = await createCase(tokens.town, { householdId: falseHousehold, residentId: victim.id })
    expect([wrongMember.status, wrongMember.body.error.code]).toEqual([422, 'RESIDENT_NOT_FOUND'])
    const audit = await server.db.kysely.selectFrom('audit_log').select(['entity_id']).where('action', '=', 'case.create').execute()
    expect(audit.map((r) => r.entity_id)).toEqual(expect.arrayContaining([reachedCase, falseCase]))
  })

  it('back-check lists what came before the case date, with dates and the worker', async () => {
    const res = await get(tokens.town, `/fraud-cases/${reachedCase}`)
    expect(res.status).toBe(200)
    const worker = (await server.db.kysely.selectFrom('users').select('name').where('area_id', '=', GRID).executeTakeFirstOrThrow()).name
    expect(res.body.case.reached).toBe(true)
    expect(res.body.visits).toEqual([expect.objectContaining({ date: chinaDate(NOW - 20 * DAY), outcome: 'met', byName: worker, untrue: false })])
    expect(res.body.handouts).toHaveLength(1)
    expect(res.body.handouts[0].materials).toContain('×2')
    // The pledge and the second visit came after the case; the real-name step is dated after it too.
    expect(res.body.pledges).toEqual([])
    expect(res.body.installSteps).toEqual([expect.objectContaining({ step: 'installed', date: chinaDate(NOW - 12 * DAY), byName: worker })])
    const viewed = await server.db.kysely.selectFrom('audit_log').select('entity_id').where('action', '=', 'case.view').execute()
    expect(viewed.map((r) => r.entity_id)).toContain(reachedCase)
  })

  it('shows a 不属实 visit as such and does not count it as reached', async () => {
    const res = await get(tokens.county, `/fraud-cases/${falseCase}`)
    expect(res.body.visits).toEqual([
      expect.objectContaining({ recordId: falseVisitId, outcome: 'met', untrue: true, reviewState: 'false' }),
      expect.objectContaining({ outcome: 'not_home', untrue: false }),
    ])
    expect(res.body.case.reached).toBe(false)
    // Undone, the same visit reaches the household.
    await server.db.kysely.transaction().execute((trx) => changeReviewStates(trx, [{ recordId: falseVisitId, to: 'verified', userId: null, at: NOW, source: 'review' }]))
    expect((await get(tokens.county, `/fraud-cases/${falseCase}`)).body.case.reached).toBe(true)
    await server.db.kysely.transaction().execute((trx) => changeReviewStates(trx, [{ recordId: falseVisitId, to: 'false', userId: null, at: NOW, source: 'review' }]))
  })

  it('gives the share of victims reached per village and per town', async () => {
    const town = await get(tokens.town, '/fraud-cases/reach')
    expect(town.body.area).toMatchObject({ areaId: 't1', cases: 3, reached: 1, sharePct: 33.3 })
    const byVillage = Object.fromEntries(town.body.rows.map((r: { areaId: string }) => [r.areaId, r]))
    expect(byVillage['t1-v01']).toMatchObject({ cases: 2, reached: 1, sharePct: 50 })
    expect(byVillage['t1-v02']).toMatchObject({ cases: 1, reached: 0, sharePct: 0 })
    const county = await get(tokens.county, '/fraud-cases/reach')
    const byTown = Object.fromEntries(county.body.rows.map((r: { areaId: string }) => [r.areaId, r]))
    expect(byTown.t1).toMatchObject({ cases: 3, reached: 1 })
    expect(byTown.t2).toMatchObject({ cases: 0, reached: 0, sharePct: null })
    // A date range leaves out the case dated 40 days ago.
    const recent = await get(tokens.town, `/fraud-cases/reach?from=${chinaDate(NOW - 20 * DAY)}`)
    expect(recent.body.area).toMatchObject({ cases: 2, reached: 1, sharePct: 50 })
  })

  it('lists a town its own cases only; another town, village heads and workers are refused', async () => {
    const list = await get(tokens.town, '/fraud-cases')
    expect(list.body.cases.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([reachedCase, falseCase]))
    expect((await get(tokens.town2, '/fraud-cases')).body.cases).toEqual([])
    expect((await get(tokens.town2, '/fraud-cases?areaId=t1')).status).toBe(403)
    expect((await get(tokens.town2, `/fraud-cases/${reachedCase}`)).status).toBe(403)
    expect((await get(tokens.town, '/fraud-cases/no-such-case')).status).toBe(403)
    expect((await createCase(tokens.town2, { householdId: victim.household_id })).status).toBe(403)
    for (const role of ['head', 'worker']) {
      expect((await get(tokens[role], `/fraud-cases/${reachedCase}`)).status).toBe(403)
      expect((await get(tokens[role], '/fraud-cases')).status).toBe(403)
      expect((await get(tokens[role], '/fraud-cases/reach')).status).toBe(403)
      expect((await createCase(tokens[role], { householdId: victim.household_id })).status).toBe(403)
    }
  })
})
