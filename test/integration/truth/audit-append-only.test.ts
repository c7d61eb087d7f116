// The audit log is append-only in the database itself: an UPDATE or DELETE of an audit row fails whoever sends it,
// through plain SQL as much as through the application.
import { sql } from 'kysely'
import { recordAudit } from '../../../server/src/services/audit'
import { createTestDatabase, TEST_DIALECT, type TestDbHandle } from '../../helpers/test-db'
import type { Db } from '../../../server/src/db/database'

let handle: TestDbHandle
let db: Db

beforeAll(async () => {
  handle = await createTestDatabase()
  db = handle.open()
  await recordAudit(db.kysely, { at: 1, userId: 'u1', action: 'review.decide', entity: 'record', entityId: 'r1', detail: { to: 'false' } })
})
afterAll(async () => {
  await db.close()
  await handle.drop()
})

it(`refuses updating an audit row (${TEST_DIALECT})`, async () => {
  await expect(sql`update audit_log set action = 'nothing' where entity_id = 'r1'`.execute(db.kysely)).rejects.toThrow(/append-only/)
  await expect(db.kysely.updateTable('audit_log').set({ user_id: 'someone-else' }).execute()).rejects.toThrow(/append-only/)
})

it(`refuses deleting audit rows (${TEST_DIALECT})`, async () => {
  await expect(sql`delete from audit_log`.execute(db.kysely)).rejects.toThrow(/append-only/)
  const rows = await db.kysely.selectFrom('audit_log').select(['action', 'user_id']).execute()
  expect(rows).toEqual([{ action: 'review.decide', user_id: 'u1' }])
})

it(`still takes new rows (${TEST_DIALECT})`, async () => {
  await recordAudit(db.kysely, { at: 2, userId: 'u2', action: 'export.roster', entity: 'area', entityId: 't1' })
  const n = await db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  expect(Number(n.n)).toBe(2)
})
