// A fresh database per test file: a temp SQLite file, or a new PostgreSQL database when TEST_DB=postgres.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { migrateToLatest, openDatabase, type Db } from '../../server/src/db/database'

export const TEST_DIALECT = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite'
const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface TestDbHandle {
  /** Opens (another) connection to the same database, e.g. after a simulated server restart. */
  open(): Db
  drop(): Promise<void>
  /** The server's environment for this database, e.g. for a child process running server/src/main.ts. */
  env: { DATABASE_URL?: string; SQLITE_FILE: string }
}

export async function createTestDatabase(): Promise<TestDbHandle> {
  if (TEST_DIALECT === 'postgres') return createPostgres()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-test-'))
  const sqliteFile = path.join(dir, 'test.db')
  const first = openDatabase({ sqliteFile })
  await migrateToLatest(first)
  await first.close()
  return {
    open: () => openDatabase({ sqliteFile }),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    env: { SQLITE_FILE: sqliteFile },
  }
}

async function createPostgres(): Promise<TestDbHandle> {
  const name = `fanzha_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(PG_ADMIN_URL)
  url.pathname = `/${name}`
  const databaseUrl = url.toString()
  const first = openDatabase({ databaseUrl, sqliteFile: '' })
  await migrateToLatest(first)
  await first.close()
  return {
    open: () => openDatabase({ databaseUrl, sqliteFile: '' }),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
    env: { DATABASE_URL: databaseUrl, SQLITE_FILE: '' },
  }
}
