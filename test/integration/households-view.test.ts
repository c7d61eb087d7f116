// The officials' drill-down: a grid's households by filter, one household with masked phones and its evidence,
// scope, and the audit trail of each view.
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { newId, visitRecord } from '../helpers/records'

const GRID = 't1-v01-g1'
const SHA = (n: number) => n.toString(16).padStart(64, '0')
const now = () => new Date().toISOString()
const envelope = (householdId: string) => ({ id: newId(), householdId, replaces: null, deviceId: 'dev', createdAt: now() })

let server: TestServer
let worker: string
let head: string
let otherHead: string
let town: string
let households: string[]
let installedHousehold: string
let gapHouseholds: string[]

const push = async (records: unknown[]) => (await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records } })).body.results
const list = (token: string, filter: string, areaId = GRID) => api(server.url, 'GET', `/api/v1/areas/${areaId}/households?filter=${filter}&limit=500`, { token })
const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id).sort()

beforeAll(async () => {
  server = await startTestServer()
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  head = await loginAs(server.url, 'demo-t1-v01')
  otherHead = await loginAs(server.url, 'demo-t1-v02')
  town = await loginAs(server.url, 'demo-t1')
  const db = server.db.kysely
  households = (await db.selectFrom('households').select('id').where('grid_id', '=', GRID).where('deleted_at', 'is', null).orderBy('id').execute()).map((h) => h.id)
  const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))
  const target = await db
    .selectFrom('residents')
    .select(['id', 'household_id'])
    .where('grid_id', '=', GRID)
    .where('deleted_at', 'is', null)
    .where('birth_year', '>=', year - 60)
    .where('birth_year', '<=', year - 16)
    .orderBy('id')
    .execute()
  const withTarget = [...new Set(target.map((r) => r.household_id))].sort()
  // Not h001–h003, which get visits and a pledge below, so each filter is tested on its own.
  installedHousehold = withTarget.find((h) => !households.slice(0, 3).includes(h))!
  gapHouseholds = withTarget.filter((h) => h !== installedHousehold)

  const template = await db.selectFrom('pledge_templates').select(['id', 'content_hash']).orderBy('version', 'desc').executeTakeFirstOrThrow()
  const [h1, h2, h3] = households
  const material = await db.selectFrom('materials').select('id').where('needs_receipt', '=', 0).executeTakeFirstOrThrow()
  const results = await push([
    visitRecord(h1, 'met'),
    visitRecord(h2, 'met', { body: { outcome: 'met', peopleMet: 1, residentIds: [], notes: '已讲解刷单诈骗', visitedAt: now(), location: null } } as never),
    visitRecord(h3, 'not_home'),
    {
      ...envelope(h2),
      kind: 'pledge',
      body: { templateId: template.id, templateHash: template.content_hash, residentId: null, signerName: '王五', signatureSha: SHA(1), signedAt: now(), channel: 'worker_device' },
    },
    {
      ...envelope(h2),
      kind: 'handout',
      body: { items: [{ materialId: material.id, quantity: 2 }], recipientName: '王五', residentId: null, receiptSignatureSha: null, handedAt: now() },
    },
    ...target
      .filter((r) => r.household_id === installedHousehold)
      .map((r, i) => ({
        ...envelope(installedHousehold),
        kind: 'install',
        body: {
          residentId: r.id,
          steps: [
            { step: 'installed', doneOn: '2026-01-05' },
            { step: 'real_name', doneOn: '2026-01-05' },
            { step: 'warning_on', doneOn: '2026-01-06' },
          ],
          screenshotShas: [SHA(10 + i)],
          notes: '',
        },
      })),
  ])
  expect(results.map((r: { status: string }) => r.status).every((s: string) => s === 'stored')).toBe(true)
})
afterAll(() => server.close())

it('filters a grid exactly: never visited, no pledge, a 16–60 resident missing a step', async () => {
  const [h1, h2] = households
  const all = await list(head, 'all')
  expect(all.status).toBe(200)
  expect(ids(all.body)).toEqual(households)
  expect(ids((await list(head, 'unvisited')).body)).toEqual(households.filter((h) => h !== h1 && h !== h2))
  expect(ids((await list(head, 'no_pledge')).body)).toEqual(households.filter((h) => h !== h2))
  expect(ids((await list(head, 'install_gap')).body)).toEqual(gapHouseholds)
  expect(all.body.counts).toEqual({ all: households.length, unvisited: households.length - 2, no_pledge: households.length - 1, install_gap: gapHouseholds.length, stale: 0 })

  // Needing attention first: the visited household with a pledge is last.
  expect(all.body.items[all.body.items.length - 1].id).toBe(h2)
  const row2 = all.body.items.find((r: { id: string }) => r.id === h2)
  expect(row2).toMatchObject({ visited: true, lastOutcome: 'met', pledgeCount: 1 })
  const installed = all.body.items.find((r: { id: string }) => r.id === installedHousehold)
  expect(installed.targetResidents).toBeGreaterThan(0)
  expect(installed.missingInstallSteps).toBe(0)

  // A village covers its grids; paging cuts the same order.
  const village = await api(server.url, 'GET', '/api/v1/areas/t1-v01/households?filter=unvisited&limit=3&offset=0', { token: head })
  expect(village.body.items).toHaveLength(3)
  expect(village.body.total).toBeGreaterThan(households.length - 2)
})

it('answers 403 for another village and for an unknown area or household alike', async () => {
  expect((await list(otherHead, 'all')).status).toBe(403)
  expect((await list(head, 'all', 't1-v02-g1')).status).toBe(403)
  expect((await list(head, 'all', 'no-such-area')).status).toBe(403)
  expect((await api(server.url, 'GET', `/api/v1/households/${households[0]}`, { token: otherHead })).status).toBe(403)
  expect((await api(server.url, 'GET', '/api/v1/households/no-such-household', { token: head })).status).toBe(403)
  expect((await api(server.url, 'GET', `/api/v1/households/${households[0]}`)).status).toBe(401)
})

it('masks phones for the village head and the town, shows them in full to the grid worker, and logs each view', async () => {
  const phones = await server.db.kysely.selectFrom('residents').select(['id', 'phone']).where('grid_id', '=', GRID).where('phone', 'is not', null).orderBy('id').execute()
  const hh = (await server.db.kysely.selectFrom('residents').select('household_id').where('id', '=', phones[0].id).executeTakeFirstOrThrow()).household_id
  const byHead = await api(server.url, 'GET', `/api/v1/households/${hh}`, { token: head })
  const byTown = await api(server.url, 'GET', `/api/v1/households/${hh}`, { token: town })
  const byWorker = await api(server.url, 'GET', `/api/v1/households/${hh}`, { token: worker })
  for (const res of [byHead, byTown, byWorker]) expect(res.status).toBe(200)
  const pick = (body: { residents: { id: string; phone: string | null }[] }) => body.residents.find((r) => r.id === phones[0].id)!.phone
  const full = phones[0].phone!
  expect(pick(byWorker.body)).toBe(full)
  expect(byWorker.body.fullPhones).toBe(true)
  expect(pick(byHead.body)).toBe(`${full.slice(0, 3)}****${full.slice(-4)}`)
  expect(pick(byTown.body)).toBe(pick(byHead.body))
  expect(byHead.body.fullPhones).toBe(false)
  expect(JSON.stringify(byHead.body)).not.toContain(full)

  const audit = await server.db.kysely.selectFrom('audit_log').select(['user_id', 'detail']).where('action', '=', 'household.view').where('entity_id', '=', hh).orderBy('seq').execute()
  expect(audit.map((a) => a.user_id)).toEqual(['u-t1-v01', 'u-t1', 'u-t1-v01-g1'])
})

it('shows a household with its install screenshots, pledge, hand-out and visits', async () => {
  const [, h2] = households
  const res = await api(server.url, 'GET', `/api/v1/households/${h2}`, { token: head })
  expect(res.status).toBe(200)
  expect(res.body.household).toMatchObject({ id: h2, visited: true, pledgeCount: 1, visitCount: 1, gridName: expect.any(String) })
  expect(res.body.pledges).toHaveLength(1)
  expect(res.body.pledges[0]).toMatchObject({ signerName: '王五', duplicate: false, signatureSha: SHA(1), verificationCode: expect.stringMatching(/^[0-9A-Z]{8}$/) })
  const pdf = await fetch(`${server.url}/api/v1/pledges/${res.body.pledges[0].recordId}/pdf`, { headers: { authorization: `Bearer ${head}` } })
  expect(pdf.status).toBe(200)
  expect(res.body.handouts).toEqual([expect.objectContaining({ quantity: 2, materialName: expect.any(String) })])
  // Who logged it: the worker's name, for the worker's own history as much as for the village head.
  const author = await server.db.kysely
    .selectFrom('records as r')
    .innerJoin('users as u', 'u.id', 'r.author_id')
    .select('u.name')
    .where('r.id', '=', res.body.visits[0].recordId)
    .executeTakeFirstOrThrow()
  expect(res.body.visits).toEqual([expect.objectContaining({ outcome: 'met', notes: '已讲解刷单诈骗', byName: author.name })])
  expect(author.name).not.toBe('')

  const installed = await api(server.url, 'GET', `/api/v1/households/${installedHousehold}`, { token: head })
  const done = installed.body.residents.filter((r: { inTarget: boolean }) => r.inTarget)
  expect(done.length).toBeGreaterThan(0)
  for (const r of done) {
    expect(r).toMatchObject({ installedOn: '2026-01-05', realNameOn: '2026-01-05', warningOnOn: '2026-01-06' })
    expect(r.screenshotShas).toHaveLength(1)
  }
  expect(installed.body.household.missingInstallSteps).toBe(0)
})
