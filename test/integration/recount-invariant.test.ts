// The dashboards read summaries kept at ingest. After a random run of visits, corrections, pledges, installs,
// hand-outs and household deletions, every figure must equal a recount from the raw records table.
import { chinaWeekStart } from '../../src/core/china-time'
import { isCoveringOutcome } from '../../src/core/coverage'
import { VISIT_OUTCOMES, type VisitOutcome } from '../../src/core/schemas/visit'
import type { CoverageRow } from '../../src/core/schemas/coverage'
import { createPrng, type Prng } from '../../server/src/seed/prng'
import { deleteHousehold } from '../../server/src/services/households'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { newId } from '../helpers/records'

jest.setTimeout(120_000)

let server: TestServer
const SHA = 'ab'.repeat(32)

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

interface Ctx {
  rnd: Prng
  tokens: Map<string, string>
  households: { id: string; grid_id: string }[]
  residents: { id: string; household_id: string; name: string }[]
  pushed: { id: string; kind: string; gridId: string; body: unknown; householdId: string }[]
  materials: string[]
  template: { id: string; content_hash: string }
}

it('keeps every dashboard figure equal to a recount from the raw records', async () => {
  const ctx = await setUp(createPrng(20261123))
  for (let step = 0; step < 400; step++) await randomStep(ctx)
  for (const areaId of ['t1', 't1-v01', 't1-v02']) {
    const token = await loginAs(server.url, areaId === 't1' ? 'demo-t1' : `demo-${areaId}`)
    const res = await api(server.url, 'GET', `/api/v1/coverage?areaId=${areaId}`, { token })
    expect(res.status).toBe(200)
    const truth = await recount()
    for (const row of [res.body.area, ...res.body.rows] as CoverageRow[]) {
      expect({ area: row.areaId, ...pick(row) }).toEqual({ area: row.areaId, ...truth(row.areaId, row.level) })
    }
  }
})

async function setUp(rnd: Prng): Promise<Ctx> {
  const db = server.db.kysely
  const households = await db.selectFrom('households').select(['id', 'grid_id']).where('town_id', '=', 't1').orderBy('id').execute()
  const residents = await db.selectFrom('residents').select(['id', 'household_id', 'name']).where('town_id', '=', 't1').orderBy('id').execute()
  const tokens = new Map<string, string>()
  for (const grid of new Set(households.map((h) => h.grid_id))) tokens.set(grid, await loginAs(server.url, `demo-${grid}`))
  const materials = (await db.selectFrom('materials').select('id').execute()).map((m) => m.id)
  const template = await db.selectFrom('pledge_templates').select(['id', 'content_hash']).executeTakeFirstOrThrow()
  return { rnd, tokens, households, residents, pushed: [], materials, template }
}

async function randomStep(ctx: Ctx): Promise<void> {
  const { rnd } = ctx
  const h = rnd.pick(ctx.households)
  const roll = rnd.next()
  if (roll < 0.04) return deleteHousehold(server.db, h.id, null, Date.now())
  if (roll < 0.2 && ctx.pushed.length) {
    const target = rnd.pick(ctx.pushed)
    return push(ctx, target.gridId, target.householdId, target.kind, bodyFor(ctx, target.kind, target.householdId), target.id)
  }
  const kind = rnd.weighted([['visit', 6], ['pledge', 2], ['install', 2], ['handout', 1]] as const)
  const body = bodyFor(ctx, kind, h.id)
  if (body) await push(ctx, h.grid_id, h.id, kind, body, null)
}

function bodyFor(ctx: Ctx, kind: string, householdId: string): unknown {
  const { rnd } = ctx
  const at = new Date().toISOString()
  const members = ctx.residents.filter((r) => r.household_id === householdId)
  if (kind === 'visit') {
    return { outcome: rnd.pick(VISIT_OUTCOMES), peopleMet: 1, residentIds: [], notes: '', visitedAt: at, location: null }
  }
  if (members.length === 0) return null
  const who = rnd.pick(members)
  if (kind === 'pledge') {
    return { templateId: ctx.template.id, templateHash: ctx.template.content_hash, residentId: who.id, signerName: who.name, signatureSha: SHA, signedAt: at, channel: 'worker_device' }
  }
  if (kind === 'install') {
    const steps = (['installed', 'real_name', 'warning_on'] as const).filter(() => rnd.chance(0.6))
    const day = `2026-11-${String(rnd.int(10, 22)).padStart(2, '0')}`
    return { residentId: who.id, steps: (steps.length ? steps : (['installed'] as const)).map((step) => ({ step, doneOn: day })), screenshotShas: [SHA], notes: '' }
  }
  return { items: [{ materialId: rnd.pick(ctx.materials), quantity: rnd.int(1, 5) }], recipientName: who.name, residentId: who.id, receiptSignatureSha: SHA, handedAt: at }
}

async function push(ctx: Ctx, gridId: string, householdId: string, kind: string, body: unknown, replaces: string | null) {
  if (!body) return
  const record = { id: newId(), kind, householdId, replaces, deviceId: 'dev', createdAt: new Date().toISOString(), body }
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: ctx.tokens.get(gridId), body: { records: [record] } })
  expect(res.body.results[0].status).toBe('stored')
  ctx.pushed.push({ id: record.id, kind, gridId, body, householdId })
}

type Figures = ReturnType<typeof pick>

function pick(row: CoverageRow) {
  const { households, visited, visitsThisWeek, pledgedHouseholds, targetResidents, installed, realName, warningOn, handouts } = row
  return { households, visited, visitsThisWeek, pledgedHouseholds, targetResidents, installed, realName, warningOn, handouts }
}

/** Recounts from raw rows with its own model of corrections: a correction supersedes the newest version of its target. */
async function recount(): Promise<(areaId: string, level: string) => Figures> {
  const db = server.db.kysely
  const records = await db.selectFrom('records').select(['id', 'kind', 'household_id', 'replaces_id', 'outcome', 'received_at', 'body']).orderBy('seq').execute()
  const households = await db.selectFrom('households').selectAll().execute()
  const residents = await db.selectFrom('residents').selectAll().execute()
  const supersededBy = new Map<string, string>()
  for (const r of records) {
    let head = r.replaces_id
    while (head && supersededBy.has(head)) head = supersededBy.get(head)!
    if (head) supersededBy.set(head, r.id)
  }
  const effective = records.filter((r) => !supersededBy.has(r.id))
  const weekStart = chinaWeekStart(Date.now())
  const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))
  const stepDates = new Map<string, Record<string, string>>()
  for (const r of effective.filter((x) => x.kind === 'install')) {
    const b = JSON.parse(r.body).body as { residentId: string; steps: { step: string; doneOn: string }[] }
    const d = stepDates.get(b.residentId) ?? {}
    for (const s of b.steps) d[s.step] = s.doneOn
    stepDates.set(b.residentId, d)
  }
  return (areaId, level) => {
    const col = `${level}_id` as 'grid_id' | 'village_id' | 'town_id'
    const live = households.filter((h) => h.deleted_at === null && (level === 'grid' ? h.grid_id === areaId : h[col] === areaId))
    const liveIds = new Set(live.map((h) => h.id))
    const mine = effective.filter((r) => liveIds.has(r.household_id))
    const visits = mine.filter((r) => r.kind === 'visit')
    const covered = new Set(visits.filter((v) => isCoveringOutcome(v.outcome as VisitOutcome)).map((v) => v.household_id))
    const pledged = new Set(mine.filter((r) => r.kind === 'pledge').map((r) => r.household_id))
    const target = residents.filter((p) => liveIds.has(p.household_id) && p.deleted_at === null && p.birth_year !== null && year - p.birth_year >= 16 && year - p.birth_year <= 60)
    const handouts: Record<string, number> = {}
    for (const r of mine.filter((x) => x.kind === 'handout')) {
      for (const i of (JSON.parse(r.body).body as { items: { materialId: string; quantity: number }[] }).items) handouts[i.materialId] = (handouts[i.materialId] ?? 0) + i.quantity
    }
    const done = (step: string) => target.filter((p) => stepDates.get(p.id)?.[step]).length
    return {
      households: live.length,
      visited: covered.size,
      visitsThisWeek: visits.filter((v) => v.received_at >= weekStart).length,
      pledgedHouseholds: pledged.size,
      targetResidents: target.length,
      installed: done('installed'),
      realName: done('real_name'),
      warningOn: done('warning_on'),
      handouts,
    }
  }
}
