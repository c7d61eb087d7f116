// One bad record in a push is refused on its own: a control character is invalid input (RECORD_INVALID), a database
// error on one record (here a trigger refusing it) rejects that record only, and the rest of the push is stored, so
// the phone's queue behind a bad record moves on. Both databases.
import { sql } from 'kysely'
import { Outbox } from '../../src/core/sync/outbox'
import { LocalCache } from '../../src/core/sync/local-cache'
import { SyncEngine } from '../../src/core/sync/engine'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { FetchHttp, MemoryStorage } from '../helpers/node-ports'
import { visitRecord } from '../helpers/records'

const REFUSED_DEVICE = 'device-the-database-refuses'

let server: TestServer
let token: string

beforeAll(async () => {
  server = await startTestServer()
  token = await loginAs(server.url, 'demo-t1-v01-g1')
  await refuseRecordsOfDevice(REFUSED_DEVICE)
})
afterAll(() => server.close())

/** A database error for one record that passes every check of the server: a trigger refuses its insert. */
async function refuseRecordsOfDevice(deviceId: string) {
  const db = server.db.kysely
  if (TEST_DIALECT === 'sqlite') {
    await sql
      .raw(`create trigger refuse_device before insert on records when new.device_id = '${deviceId}' begin select raise(abort, 'refused by test'); end`)
      .execute(db)
    return
  }
  await sql
    .raw(
      `create function refuse_device() returns trigger language plpgsql as $$ begin
         if new.device_id = '${deviceId}' then raise exception 'refused by test'; end if; return new; end $$`,
    )
    .execute(db)
  await sql.raw('create trigger refuse_device before insert on records for each row execute function refuse_device()').execute(db)
}

const push = (records: unknown[]) => api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
const storedIds = async (ids: string[]) =>
  (await server.db.kysely.selectFrom('records').select('id').where('id', 'in', ids).execute()).map((r) => r.id).sort()

describe(`one bad record in a push (${TEST_DIALECT})`, () => {
  it('refuses a record with a NUL in a string as RECORD_INVALID and stores the other two', async () => {
    const records = [visitRecord('t1-v01-g1-h001'), visitRecord('t1-v01-g1-h002'), visitRecord('t1-v01-g1-h003')]
    records[1].body = { ...records[1].body, notes: 'before\u0000after' } as (typeof records)[1]['body']
    const res = await push(records)
    expect(res.status).toBe(200)
    expect(res.body.results.map((r: { status: string; code?: string }) => [r.status, r.code])).toEqual([
      ['stored', undefined],
      ['rejected', 'RECORD_INVALID'],
      ['stored', undefined],
    ])
    expect(await storedIds(records.map((r) => r.id))).toEqual([records[0].id, records[2].id].sort())
  })

  it('rejects a record the database refuses as RECORD_NOT_STORED and stores the rest of the push', async () => {
    const refused = visitRecord('t1-v01-g1-h002', 'met', { deviceId: REFUSED_DEVICE })
    const records = [visitRecord('t1-v01-g1-h001'), refused, visitRecord('t1-v01-g1-h003')]
    const res = await push(records)
    expect(res.status).toBe(200)
    expect(res.body.results.map((r: { status: string; code?: string }) => [r.status, r.code])).toEqual([
      ['stored', undefined],
      ['rejected', 'RECORD_NOT_STORED'],
      ['stored', undefined],
    ])
    expect(await storedIds(records.map((r) => r.id))).toEqual([records[0].id, records[2].id].sort())
    const household = await server.db.kysely.selectFrom('households').select('visit_count').where('id', '=', 't1-v01-g1-h003').executeTakeFirstOrThrow()
    expect(household.visit_count).toBeGreaterThan(0)
  })

  it('on the phone, sets the refused record aside with its reason and sends the rest of the queue', async () => {
    const storage = new MemoryStorage()
    const outbox = new Outbox(storage, 'w')
    const engine = new SyncEngine({
      outbox,
      cache: new LocalCache(storage, 'w'),
      http: new FetchHttp(server.url),
      token: () => token,
      now: Date.now,
      random: () => 0,
      setTimer: () => () => undefined,
    })
    const queue = [visitRecord('t1-v01-g1-h004'), visitRecord('t1-v01-g1-h005', 'met', { deviceId: REFUSED_DEVICE }), visitRecord('t1-v01-g1-h006')]
    for (const r of queue) await outbox.add(r, Date.now())
    const state = await engine.sync('manual')
    expect(state.lastError).toBeNull()
    expect(state).toMatchObject({ pending: 0, needsAttention: 1 })
    const [left] = await outbox.list()
    expect(left).toMatchObject({ state: 'rejected', code: 'RECORD_NOT_STORED' })
    expect(left.message).toMatch(/未能上报/)
    expect(await storedIds(queue.map((r) => r.id))).toEqual([queue[0].id, queue[2].id].sort())
  })
})
