// No plain phone in stored roster records (#12 item 12), on both databases: a roster change's phone goes to
// residents.phone (encrypted) and the record keeps it masked (138****5678) in records.body and record_conflicts.body,
// while body_hash stays that of what the phone sent. So: no phone's digits anywhere in the records table's raw text,
// the resident's phone right through the API (whole for the grid's worker, masked for the village head), an identical
// resend a duplicate, a changed one a conflict as before (first version stays, the second kept and shown), every
// reader of stored bodies (the officials' list of changes, the review queue's conflict view) still working, and a
// record stored plain before this change masked by migration 0023.
import { sql } from 'kysely'
import { sha256Hex } from '../../src/core/hash'
import { canonicalJson, FieldRecordSchema } from '../../src/core/schemas/record'
import { parseStoredRecord } from '../../src/core/schemas/stored-record'
import { up as maskRosterPhones } from '../../server/src/db/migrations/2026_11_30_0023_roster_phones_masked'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { newId, rosterRecord } from '../helpers/records'

jest.setTimeout(120_000)

const GRID = 't1-v01-g1'
const ADDED = '13800138111'
const EDITED = '13912340007'
const RESENT = '13700000002'

let server: TestServer
let worker: string
let head: string

beforeAll(async () => {
  server = await startTestServer()
  worker = await loginAs(server.url, `demo-${GRID}`)
  head = await loginAs(server.url, 'demo-t1-v01')
})
afterAll(() => server.close())

const roster = (householdId: string, body: Record<string, unknown>) => rosterRecord(householdId, body)
async function push(records: unknown[]): Promise<string[]> {
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records } })
  expect(res.status).toBe(200)
  return (res.body.results as { status: string }[]).map((r) => r.status)
}
/** Every column of both tables as raw text (bodies, hashes, ids), whatever is stored. */
async function rawText(table: 'records' | 'record_conflicts'): Promise<string> {
  const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(server.db.kysely)
  return JSON.stringify(rows.rows)
}
const storedBody = async (id: string) => (await server.db.kysely.selectFrom('records').select(['body', 'body_hash']).where('id', '=', id).executeTakeFirstOrThrow())
async function pulledPhone(token: string, residentId: string): Promise<string | null | undefined> {
  let found: string | null | undefined
  for (let cursor = '0', more = true; more; ) {
    const res = await api(server.url, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=2000`, { token })
    expect(res.status).toBe(200)
    const r = (res.body.residents as { id: string; phone: string | null }[]).find((x) => x.id === residentId)
    if (r) found = r.phone
    cursor = res.body.cursor
    more = res.body.hasMore
  }
  return found
}

describe(`roster records keep no plain phone (${TEST_DIALECT})`, () => {
  const householdId = newId()
  const residentId = newId()
  const addHousehold = roster(householdId, { action: 'add_household', gridId: GRID, doorplate: '电话村 1号', headName: '钱电' })
  const addResident = roster(householdId, { action: 'add_resident', residentId, name: '钱电', gender: 'F', birthYear: 1980, phone: '138 0013 8111', relation: '户主', tags: [] })
  let existing: { id: string; household_id: string }
  let editResident: ReturnType<typeof roster>

  beforeAll(async () => {
    existing = await server.db.kysely.selectFrom('residents').select(['id', 'household_id']).where('grid_id', '=', GRID).where('deleted_at', 'is', null).orderBy('id').executeTakeFirstOrThrow()
    editResident = roster(existing.household_id, { action: 'edit_resident', residentId: existing.id, phone: EDITED, tags: ['重点人群'] })
  })

  it('stores the changes, applies the phones, and keeps only masked ones in records.body', async () => {
    expect(await push([addHousehold, addResident, editResident])).toEqual(['stored', 'stored', 'stored'])
    const text = await rawText('records')
    expect(text).not.toContain(ADDED)
    expect(text).not.toContain(EDITED)
    expect(text).not.toMatch(/"phone\\?":\\?"1\d{10}/)
    const added = await storedBody(addResident.id)
    expect(JSON.parse(added.body).body.phone).toBe('138****8111')
    expect(JSON.parse((await storedBody(editResident.id)).body).body.phone).toBe('139****0007')
    // body_hash is of what the phone sent (its canonical form, the phone as digits), not of the masked body.
    const sent = FieldRecordSchema.parse(addResident)
    expect(added.body_hash).toBe(sha256Hex(canonicalJson(sent)))
    expect(added.body).toBe(canonicalJson({ ...sent, body: { ...sent.body, phone: '138****8111' } }))
    expect(parseStoredRecord('roster', added.body).body).toMatchObject({ action: 'add_resident', phone: '138****8111', name: '钱电' })
  })

  it('answers the resident phones as before: whole to the grid worker, masked to the village head', async () => {
    expect(await pulledPhone(worker, residentId)).toBe(ADDED)
    expect(await pulledPhone(worker, existing.id)).toBe(EDITED)
    expect(await pulledPhone(head, residentId)).toBe('138****8111')
    expect(await pulledPhone(head, existing.id)).toBe('139****0007')
  })

  it('takes an identical resend as a duplicate and a changed one as a conflict, the first version kept', async () => {
    expect(await push([addHousehold, addResident, editResident])).toEqual(['duplicate', 'duplicate', 'duplicate'])
    const before = await storedBody(editResident.id)
    expect(await push([{ ...editResident, body: { ...editResident.body, phone: RESENT } }])).toEqual(['conflict'])
    expect(await storedBody(editResident.id)).toEqual(before)
    expect(await pulledPhone(worker, existing.id)).toBe(EDITED)
    // The second version is kept for review, masked too; sent again it is the same conflict, not a new one.
    expect(await push([{ ...editResident, body: { ...editResident.body, phone: RESENT } }])).toEqual(['conflict'])
    const conflicts = await server.db.kysely.selectFrom('record_conflicts').select('body').where('record_id', '=', editResident.id).execute()
    expect(conflicts).toHaveLength(1)
    expect(JSON.parse(conflicts[0].body).body.phone).toBe('137****0002')
    expect(await rawText('record_conflicts')).not.toContain(RESENT)
    expect(await rawText('records')).not.toContain(RESENT)
  })

  it('still shows the stored changes to officials: the list of changes and the conflict side by side', async () => {
    const list = await api(server.url, 'GET', `/api/v1/roster-changes?areaId=${GRID}`, { token: head })
    expect(list.status).toBe(200)
    const mine = (list.body.changes as { recordId: string; description: string }[]).filter((c) => [addResident.id, editResident.id].includes(c.recordId))
    expect(mine).toHaveLength(2)
    expect(mine.find((c) => c.recordId === addResident.id)!.description).toBe('新增家庭成员 钱电')
    expect(mine.find((c) => c.recordId === editResident.id)!.description).toMatch(/^修改 .+：电话、标签$/)
    const queue = await api(server.url, 'GET', '/api/v1/review/queue', { token: head })
    expect(queue.status).toBe(200)
    const c = (queue.body.conflicts as { recordId: string; lines: { label: string; stored: string; conflicting: string }[] }[]).find((x) => x.recordId === editResident.id)!
    expect(c).toBeDefined()
    expect(c.lines.find((l) => l.label === '变更')).toMatchObject({ stored: expect.stringMatching(/电话、标签$/), conflicting: expect.stringMatching(/电话、标签$/) })
    expect(JSON.stringify(c)).not.toMatch(/1\d{10}/)
  })

  it('masks a roster record stored plain before this change (migration 0023), keeping its hash, so a resend is still a duplicate', async () => {
    // As a server before this change stored them: the canonical JSON of what the phone sent, phone in digits.
    const plain = roster(householdId, { action: 'edit_resident', residentId, phone: '13655556666' })
    expect(await push([plain])).toEqual(['stored'])
    const sent = canonicalJson(FieldRecordSchema.parse(plain))
    await server.db.kysely.updateTable('records').set({ body: sent }).where('id', '=', plain.id).execute()
    const conflictSent = canonicalJson(FieldRecordSchema.parse({ ...plain, body: { ...plain.body, phone: '13544443333' } }))
    const conflictRow = { record_id: plain.id, author_id: (await server.db.kysely.selectFrom('records').select('author_id').where('id', '=', plain.id).executeTakeFirstOrThrow()).author_id, body: conflictSent, body_hash: sha256Hex(conflictSent), received_at: Date.now() }
    await server.db.kysely.insertInto('record_conflicts').values(conflictRow).execute()
    expect(await rawText('records')).toContain('13655556666')
    expect(await rawText('record_conflicts')).toContain('13544443333')

    await maskRosterPhones(server.db.kysely)
    await maskRosterPhones(server.db.kysely) // twice is the same as once

    const after = await storedBody(plain.id)
    expect(after.body).toBe(canonicalJson({ ...JSON.parse(sent), body: { ...JSON.parse(sent).body, phone: '136****6666' } }))
    expect(after.body_hash).toBe(sha256Hex(sent))
    expect(await rawText('records')).not.toMatch(/13655556666|"phone\\?":\\?"1\d{10}/)
    expect(await rawText('record_conflicts')).not.toMatch(/13544443333|"phone\\?":\\?"1\d{10}/)
    expect(await push([plain])).toEqual(['duplicate'])
    expect(await push([{ ...plain, body: { ...plain.body, phone: '13544443333' } }])).toEqual(['conflict'])
    expect(await server.db.kysely.selectFrom('record_conflicts').select('seq').where('record_id', '=', plain.id).execute()).toHaveLength(1)
  })
})
