// The audit log is append-only in the database itself: an UPDATE or DELETE of an audit row fails whoever sends it,
// through a plain SQL connection of its own as much as through the application.
import SQLite from 'better-sqlite3'
import pg from 'pg'
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

/** Runs one statement on a connection of its own (not the server's), as someone with database access would. */
async function plainSql(statement: string): Promise<void> {
  if (TEST_DIALECT === 'sqlite') {
    const conn = new SQLite(handle.env.SQLITE_FILE)
    try {
      conn.prepare(statement).run()
    } finally {
      conn.close()
    }
    return
  }
  const client = new pg.Client({ connectionString: handle.env.DATABASE_URL })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/**
 * The error's message, or '' when it did not fail. Not `rejects.toThrow`: better-sqlite3's native part keeps the
 * SqliteError class of the first test file that loaded it in this jest worker, whose Error is another realm's, and
 * jest then does not see it as an error at all.
 */
async function refusal(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt
    return ''
  } catch (err) {
    return String((err as { message?: unknown }).message)
  }
}

it(`refuses updating an audit row (${TEST_DIALECT})`, async () => {
  expect(await refusal(plainSql(`update audit_log set action = 'nothing' where entity_id = 'r1'`))).toMatch(/append-only/)
  expect(await refusal(db.kysely.updateTable('audit_log').set({ user_id: 'someone-else' }).execute())).toMatch(/append-only/)
})

it(`refuses deleting audit rows (${TEST_DIALECT})`, async () => {
  expect(await refusal(plainSql('delete from audit_log'))).toMatch(/append-only/)
  expect(await refusal(db.kysely.deleteFrom('audit_log').execute())).toMatch(/append-only/)
  const rows = await db.kysely.selectFrom('audit_log').select(['action', 'user_id']).execute()
  expect(rows).toEqual([{ action: 'review.decide', user_id: 'u1' }])
})

it(`still takes new rows (${TEST_DIALECT})`, async () => {
  await recordAudit(db.kysely, { at: 2, userId: 'u2', action: 'export.roster', entity: 'area', entityId: 't1' })
  const n = await db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  expect(Number(n.n)).toBe(2)
})
