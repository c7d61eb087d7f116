// The review queue end to end: two installs carrying one screenshot file are flagged on arrival; the village head
// finds them oldest first with both pictures named; 不属实 takes the install, a visit and a pledge out of the
// household, the grid tallies, the coverage endpoint, the targets and a recomputed ranking at once; 撤销 puts them
// back and the history keeps every step. Conflicting resends: both versions side by side, decided either way, and the
// phone learns which of its conflicts were decided.
import { chinaWeekStart } from '../../../src/core/china-time'
import { inTargetAge } from '../../../src/core/age-band'
import type { CoverageRow } from '../../../src/core/schemas/coverage'
import type { ReviewQueueResponse } from '../../../src/core/schemas/review'
import { computeRanking } from '../../../server/src/services/rankings'
import { api, loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { newId, visitRecord } from '../../helpers/records'
import { TEST_DIALECT } from '../../helpers/test-db'

jest.setTimeout(90_000)

let server: TestServer
let worker: string
let head: string
const GRID = 't1-v01-g1'
const VILLAGE = 't1-v01'
const SHOT = 'c7'.repeat(32)

beforeAll(async () => {
  server = await startTestServer()
  worker = await loginAs(server.url, `demo-${GRID}`)
  head = await loginAs(server.url, `demo-${VILLAGE}`)
})
afterAll(() => server.close())

const db = () => server.db.kysely
const today = () => new Date().toISOString().slice(0, 10)
const envelope = (householdId: string) => ({ id: newId(), householdId, replaces: null, deviceId: 'dev', createdAt: new Date().toISOString() })
const install = (r: { id: string; household_id: string }) => ({
  ...envelope(r.household_id),
  kind: 'install',
  body: { residentId: r.id, steps: [{ step: 'installed', doneOn: today() }], screenshotShas: [SHOT], notes: '' },
})

async function push(token: string, records: unknown[]) {
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
  expect(res.status).toBe(200)
  return res.body.results.map((r: { status: string }) => r.status) as string[]
}

/** Target-age residents of the grid with no install yet, in households nobody has visited or pledged. */
async function freshResidents() {
  const year = new Date().getUTCFullYear()
  const rows = await db()
    .selectFrom('residents as p')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .select(['p.id', 'p.household_id', 'p.birth_year'])
    .where('p.grid_id', '=', GRID)
    .where('p.deleted_at', 'is', null)
    .where('h.deleted_at', 'is', null)
    .where('p.installed_on', 'is', null)
    .where('h.visit_count', '=', 0)
    .where('h.pledge_count', '=', 0)
    .orderBy('p.id')
    .execute()
  return rows.filter((r) => inTargetAge(r.birth_year, year))
}

async function villageRow(token = head): Promise<CoverageRow> {
  const res = await api(server.url, 'GET', `/api/v1/coverage?areaId=${VILLAGE}`, { token })
  expect(res.status).toBe(200)
  return res.body.area
}

async function figures() {
  const area = await villageRow()
  const tally = await db().selectFrom('grid_tallies').select(['visited', 'pledged']).where('grid_id', '=', GRID).executeTakeFirstOrThrow()
  const installs = await db().selectFrom('grid_resident_tallies').select('installed').where('grid_id', '=', GRID).execute()
  const town = await db().selectFrom('areas').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow()
  const now = Date.now()
  const ranking = await computeRanking(server.db, town, chinaWeekStart(now), now + 1)
  const townToken = await loginAs(server.url, 'demo-t1')
  const targets = await api(server.url, 'GET', `/api/v1/targets/status?areaId=${VILLAGE}`, { token: townToken })
  expect(targets.status).toBe(200)
  const installedTarget = targets.body.items.find((i: { indicator: string }) => i.indicator === 'installed')
  return {
    visited: area.visited,
    pledged: area.pledgedHouseholds,
    installed: area.installed,
    gridVisited: Number(tally.visited),
    gridPledged: Number(tally.pledged),
    gridInstalled: installs.reduce((n, r) => n + Number(r.installed), 0),
    rankingInstalled: ranking.find((r) => r.areaId === VILLAGE)!.indicators.installed.done,
    targetInstalled: installedTarget?.current as number | undefined,
  }
}

async function queue(token: string, query = ''): Promise<{ status: number; body: ReviewQueueResponse }> {
  return api(server.url, 'GET', `/api/v1/review/queue${query}`, { token })
}

describe(`review queue and decisions (${TEST_DIALECT})`, () => {
  let a: { id: string; household_id: string }
  let b: { id: string; household_id: string }
  let first: ReturnType<typeof install>
  let second: ReturnType<typeof install>
  let visit: ReturnType<typeof visitRecord>
  let pledge: { id: string }
  let before: Awaited<ReturnType<typeof figures>>

  beforeAll(async () => {
    const fresh = await freshResidents()
    a = fresh[0]
    b = fresh.find((r) => r.household_id !== a.household_id)!
    expect(b).toBeDefined()
    before = await figures()
    first = install(a)
    await push(worker, [first])
    second = install(b)
    const template = await db().selectFrom('pledge_templates').select(['id', 'content_hash']).executeTakeFirstOrThrow()
    visit = visitRecord(b.household_id, 'met')
    const p = {
      ...envelope(b.household_id),
      kind: 'pledge',
      body: { templateId: template.id, templateHash: template.content_hash, signerName: '测试签名', residentId: b.id, signatureSha: 'e4'.repeat(32), signedAt: new Date().toISOString() },
    }
    pledge = p
    expect(await push(worker, [second, visit, p])).toEqual(['stored', 'stored', 'stored'])
  })

  it('lists both flagged installs oldest first, with the two pictures and the fields', async () => {
    const res = await queue(head)
    expect(res.status).toBe(200)
    const ids = res.body.records.map((r) => r.recordId)
    expect(ids).toEqual(expect.arrayContaining([first.id, second.id]))
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id))
    const received = res.body.records.map((r) => Date.parse(r.receivedAt))
    expect([...received].sort((x, y) => x - y)).toEqual(received)
    const item = res.body.records.find((r) => r.recordId === second.id)!
    expect(item).toMatchObject({ kind: 'install', kindLabel: 'APP安装', state: 'flagged', stateLabel: '待核查', villageId: VILLAGE, mediaShas: [SHOT] })
    expect(item.doorplate).not.toBe('')
    expect(item.authorName).not.toBe('')
    expect(item.fields).toEqual(expect.arrayContaining([{ label: '已安装', value: today() }]))
    const [flag] = item.flags
    expect(flag).toMatchObject({ kind: 'reused_screenshot', label: '截图重复使用', pair: { sha: SHOT, otherSha: SHOT, otherRecordId: first.id } })
    expect(flag.description).toContain('同一个文件')
    expect(flag.pair!.otherResidentName).not.toBeNull()
    // The pledge raised no flag: not in the queue (the visit may be flagged 夜间走访 when the test runs at night).
    expect(ids).not.toContain(pledge.id)
  })

  it('pages oldest first and keeps other areas out', async () => {
    const page1 = await queue(head, '?limit=1')
    expect(page1.body.records).toHaveLength(1)
    expect(page1.body.next).not.toBeNull()
    const page2 = await queue(head, `?limit=1&after=${page1.body.next}`)
    expect(page2.body.records).toHaveLength(1)
    expect(page2.body.records[0].recordId).not.toBe(page1.body.records[0].recordId)
    expect(Date.parse(page2.body.records[0].receivedAt)).toBeGreaterThanOrEqual(Date.parse(page1.body.records[0].receivedAt))

    const otherGrid = await queue(head, `?areaId=${VILLAGE}-g2`)
    expect(otherGrid.body.records.map((r) => r.recordId)).not.toContain(second.id)
    const town = await queue(await loginAs(server.url, 'demo-t1'))
    expect(town.body.records.map((r) => r.recordId)).toEqual(expect.arrayContaining([first.id, second.id]))
    const otherTown = await loginAs(server.url, 'demo-t2-v01')
    expect((await queue(otherTown, `?areaId=${VILLAGE}`)).status).toBe(403)
    expect((await queue(otherTown)).body.records.map((r) => r.recordId)).not.toContain(second.id)
    expect((await api(server.url, 'GET', `/api/v1/review/records/${second.id}`, { token: otherTown })).status).toBe(403)
    const decided = await api(server.url, 'POST', `/api/v1/review/records/${second.id}/decision`, { token: otherTown, body: { decision: 'false', comment: '越权' } })
    expect(decided.status).toBe(403)

    const counts = await api(server.url, 'GET', '/api/v1/review/counts', { token: head })
    expect(counts.body.flagged).toBeGreaterThanOrEqual(2)
    // Reading the queue names residents: every read is in the audit log.
    const reads = await db().selectFrom('audit_log').select(['entity_id', 'user_id']).where('action', '=', 'review.queue.view').execute()
    expect(reads).toEqual(expect.arrayContaining([{ entity_id: VILLAGE, user_id: 'u-t1-v01' }, { entity_id: `${VILLAGE}-g2`, user_id: 'u-t1-v01' }]))
  })

  it('不属实 takes the records out of every figure at once; 撤销 puts them back with the history kept', async () => {
    const withAll = await figures()
    expect(withAll.installed).toBe(before.installed + 2)
    expect(withAll.visited).toBe(before.visited + 1)
    expect(withAll.pledged).toBe(before.pledged + 1)
    expect(withAll.rankingInstalled).toBe(before.rankingInstalled + 2)
    expect([withAll.gridVisited, withAll.gridPledged, withAll.gridInstalled]).toEqual([before.gridVisited + 1, before.gridPledged + 1, before.gridInstalled + 2])
    if (before.targetInstalled !== undefined) expect(withAll.targetInstalled).toBe(before.targetInstalled + 2)

    const noComment = await api(server.url, 'POST', `/api/v1/review/records/${second.id}/decision`, { token: head, body: { decision: 'false' } })
    expect([noComment.status, noComment.body.error.code]).toEqual([422, 'REVIEW_COMMENT_REQUIRED'])
    for (const id of [second.id, visit.id, pledge.id]) {
      const res = await api(server.url, 'POST', `/api/v1/review/records/${id}/decision`, { token: head, body: { decision: 'false', comment: '电话核实：居民称未上门' } })
      expect(res.status).toBe(200)
      expect(res.body.record.state).toBe('false')
    }
    // The first install is still only 待核查: it counts.
    const oneInstall = (n: number | undefined) => (n === undefined ? n : n + 1)
    expect(await figures()).toEqual({
      ...before,
      installed: before.installed + 1,
      gridInstalled: before.gridInstalled + 1,
      rankingInstalled: before.rankingInstalled + 1,
      targetInstalled: oneInstall(before.targetInstalled),
    })
    const resident = await db().selectFrom('residents').select('installed_on').where('id', '=', b.id).executeTakeFirstOrThrow()
    expect(resident.installed_on).toBeNull()
    const household = await db().selectFrom('households').select(['visit_count', 'pledge_count', 'covered']).where('id', '=', b.household_id).executeTakeFirstOrThrow()
    expect([household.visit_count, household.pledge_count, household.covered].map(Number)).toEqual([0, 0, 0])
    expect((await queue(head)).body.records.map((r) => r.recordId)).not.toContain(second.id)

    for (const id of [second.id, visit.id, pledge.id]) {
      const res = await api(server.url, 'POST', `/api/v1/review/records/${id}/undo`, { token: head, body: { comment: '误判' } })
      expect(res.status).toBe(200)
    }
    expect(await figures()).toEqual(withAll)
    const review = await api(server.url, 'GET', `/api/v1/review/records/${second.id}`, { token: head })
    expect(review.body.record.state).toBe('flagged')
    expect(review.body.canUndo).toBe(false)
    expect(review.body.history.map((e: { from: string; to: string; source: string; comment: string }) => [e.from, e.to, e.source, e.comment])).toEqual([
      ['accepted', 'flagged', 'flag', ''],
      ['flagged', 'false', 'review', '电话核实：居民称未上门'],
      ['false', 'flagged', 'undo', '误判'],
    ])
    expect(review.body.history[1].byName).not.toBe('系统')
    const again = await api(server.url, 'POST', `/api/v1/review/records/${second.id}/undo`, { token: head, body: {} })
    expect([again.status, again.body.error.code]).toEqual([409, 'REVIEW_NOTHING_TO_UNDO'])

    const audit = await db().selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'in', ['review.decide', 'review.undo']).execute()
    expect(audit.filter((r) => r.entity_id === second.id).map((r) => r.action).sort()).toEqual(['review.decide', 'review.undo'])
  })

  it('已核实 then 不属实 stack: each 撤销 takes the latest back', async () => {
    const decide = (decision: string, comment = '') =>
      api(server.url, 'POST', `/api/v1/review/records/${first.id}/decision`, { token: head, body: { decision, comment } })
    expect((await decide('verified')).body.record.state).toBe('verified')
    expect((await decide('false', '截图是别人的')).body.record.state).toBe('false')
    const undo = () => api(server.url, 'POST', `/api/v1/review/records/${first.id}/undo`, { token: head, body: {} })
    expect((await undo()).body.record.state).toBe('verified')
    expect((await undo()).body.record.state).toBe('flagged')
    expect((await undo()).status).toBe(409)
  })
})

describe(`conflicting resends (${TEST_DIALECT})`, () => {
  let kept: ReturnType<typeof visitRecord>
  let replaced: ReturnType<typeof visitRecord>

  beforeAll(async () => {
    const [h1, h2] = await db().selectFrom('households').select('id').where('grid_id', '=', GRID).where('deleted_at', 'is', null).orderBy('id', 'desc').limit(2).execute()
    kept = visitRecord(h1.id, 'met', { body: { outcome: 'met', peopleMet: 2, residentIds: [], notes: '第一次', visitedAt: new Date().toISOString(), location: null } } as never)
    replaced = visitRecord(h2.id, 'met')
    expect(await push(worker, [kept, replaced])).toEqual(['stored', 'stored'])
    const changed = (r: typeof kept, body: object) => ({ ...r, body: { ...(r.body as object), ...body } })
    expect(await push(worker, [changed(kept, { notes: '改过的' }), changed(replaced, { outcome: 'not_home', peopleMet: 0 })])).toEqual(['conflict', 'conflict'])
  })

  const conflictOf = async (recordId: string) => (await queue(head)).body.conflicts.find((c) => c.recordId === recordId)
  const status = async (token: string, ids: string[]) => {
    const res = await api(server.url, 'POST', '/api/v1/sync/conflict-status', { token, body: { ids } })
    expect(res.status).toBe(200)
    return res.body.decided as { id: string; decision: string }[]
  }

  it('shows both versions side by side, the differing lines marked', async () => {
    const c = (await conflictOf(replaced.id))!
    expect(c).toBeDefined()
    expect(c.kindLabel).toBe('走访')
    const outcome = c.lines.find((l) => l.label === '走访结果')!
    expect(outcome).toEqual({ label: '走访结果', stored: '见面宣传', conflicting: '不在家', differs: true })
    expect(c.lines.find((l) => l.label === '住户')!.differs).toBe(false)
    expect(await status(worker, [kept.id, replaced.id])).toEqual([])
    const counts = await api(server.url, 'GET', '/api/v1/review/counts', { token: head })
    expect(counts.body.conflicts).toBe(2)
  })

  it('以原记录为准 keeps the stored version; 以新版本为准 makes the second a correction by its author', async () => {
    const storedBefore = await db().selectFrom('records').select(['id', 'body_hash']).where('id', 'in', [kept.id, replaced.id]).orderBy('id').execute()
    const c1 = (await conflictOf(kept.id))!
    const r1 = await api(server.url, 'POST', `/api/v1/review/conflicts/${c1.conflictId}/decision`, { token: head, body: { decision: 'first' } })
    expect(r1.status).toBe(200)
    expect(r1.body).toEqual({ conflictId: c1.conflictId, decision: 'first', correctionId: null })

    const c2 = (await conflictOf(replaced.id))!
    const otherTown = await loginAs(server.url, 'demo-t2-v01')
    expect((await api(server.url, 'POST', `/api/v1/review/conflicts/${c2.conflictId}/decision`, { token: otherTown, body: { decision: 'second' } })).status).toBe(403)
    const r2 = await api(server.url, 'POST', `/api/v1/review/conflicts/${c2.conflictId}/decision`, { token: head, body: { decision: 'second', comment: '网格员说明第二次正确' } })
    expect(r2.status).toBe(200)
    const correctionId = r2.body.correctionId as string
    expect(correctionId).toMatch(/^[0-9a-f-]{36}$/)

    // No stored record's content changed; the stored one is superseded by the new correction from the same author.
    expect(await db().selectFrom('records').select(['id', 'body_hash']).where('id', 'in', [kept.id, replaced.id]).orderBy('id').execute()).toEqual(storedBefore)
    const original = await db().selectFrom('records').select(['superseded_by', 'author_id']).where('id', '=', replaced.id).executeTakeFirstOrThrow()
    const correction = await db().selectFrom('records').select(['replaces_id', 'author_id', 'outcome']).where('id', '=', correctionId).executeTakeFirstOrThrow()
    expect(original.superseded_by).toBe(correctionId)
    expect(correction).toEqual({ replaces_id: replaced.id, author_id: original.author_id, outcome: 'not_home' })
    const h = await db().selectFrom('households').select('last_outcome').where('id', '=', replaced.householdId).executeTakeFirstOrThrow()
    expect(h.last_outcome).toBe('not_home')

    const twice = await api(server.url, 'POST', `/api/v1/review/conflicts/${c2.conflictId}/decision`, { token: head, body: { decision: 'first' } })
    expect([twice.status, twice.body.error.code]).toEqual([409, 'CONFLICT_DECIDED'])
    expect((await queue(head)).body.conflicts.map((c) => c.recordId)).not.toEqual(expect.arrayContaining([kept.id]))
    expect((await queue(head)).body.conflicts.map((c) => c.recordId)).not.toContain(replaced.id)
    const audit = await db().selectFrom('audit_log').select(['entity_id', 'detail']).where('action', '=', 'conflict.decide').execute()
    expect(audit.map((r) => r.entity_id).sort()).toEqual([kept.id, replaced.id].sort())
  })

  it('tells the phone which of its own conflicts were decided, and nobody else', async () => {
    const decided = await status(worker, [kept.id, replaced.id, newId()])
    expect(decided.map((d) => [d.id, d.decision]).sort()).toEqual(
      [
        [kept.id, 'first'],
        [replaced.id, 'second'],
      ].sort(),
    )
    const otherWorker = await loginAs(server.url, 'demo-t1-v01-g2')
    expect(await status(otherWorker, [kept.id, replaced.id])).toEqual([])
  })
})

