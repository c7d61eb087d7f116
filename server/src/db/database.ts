// Opens the database: SQLite by default (a file under ./data), PostgreSQL when a DATABASE_URL is given.
import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, sql, type Migration } from 'kysely'
import pg from 'pg'
import type { Database } from './schema'
import { SQLITE_BUSY_TIMEOUT_MS, waitingSqliteDialect } from './sqlite-dialect'
import { PhoneCipherPlugin } from '../crypto/phone-plugin'
import * as init from './migrations/2026_11_23_0001_init'
import * as fieldRecords from './migrations/2026_11_23_0002_field_records'
import * as coveringIndexes from './migrations/2026_11_23_0003_covering_indexes'
import * as targetsRankings from './migrations/2026_11_23_0005_targets_rankings'
import * as gridTallies from './migrations/2026_11_27_0006_grid_tallies'
import * as accounts from './migrations/2026_11_30_0007_accounts'
import * as registerImport from './migrations/2026_11_30_0008_register_import'
import * as rosterRecords from './migrations/2026_11_30_0009_roster_records'
import * as datedRegister from './migrations/2026_11_30_0010_dated_register'
import * as review from './migrations/2026_11_30_0011_review'
import * as registerAbsences from './migrations/2026_11_30_0012_register_absences'
import * as spotChecks from './migrations/2026_11_30_0013_spot_checks'
import * as fraudCases from './migrations/2026_11_30_0014_fraud_cases'
import * as staffMoves from './migrations/2026_11_30_0015_staff_moves'
import * as signerKeys from './migrations/2026_11_30_0016_signer_keys'
import * as feedback from './migrations/2026_11_30_0017_feedback'
import * as phoneIndex from './migrations/2026_11_30_0018_phone_index'
import * as clientErrors from './migrations/2026_11_30_0021_client_errors'
import * as proofAndExportLayouts from './migrations/2026_11_30_0020_proof_and_export_layouts'
import * as dataRequests from './migrations/2026_11_30_0019_data_requests'
import * as mediaUploadLeases from './migrations/2026_11_30_0022_media_upload_leases'
import * as rosterPhonesMasked from './migrations/2026_11_30_0023_roster_phones_masked'
import * as recordsAuthorVisits from './migrations/2026_11_30_0024_records_author_visits'

export type Dialect = 'sqlite' | 'postgres'

export interface Db {
  kysely: Kysely<Database>
  dialect: Dialect
  close(): Promise<void>
}

// bigint columns hold epoch milliseconds and counters, all well inside Number's safe range.
pg.types.setTypeParser(20, (v) => Number(v))

export function openDatabase(opts: { databaseUrl?: string; sqliteFile: string }): Db {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 })
    // An idle connection the database ends (restart, failover, admin) must not crash the process; the pool
    // replaces it on next use.
    pool.on('error', (err) => console.error(`PostgreSQL connection closed: ${err.message}`))
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new PhoneCipherPlugin()] })
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() }
  }
  fs.mkdirSync(path.dirname(path.resolve(opts.sqliteFile)), { recursive: true })
  const sqlite = new SQLite(opts.sqliteFile)
  // WAL lets dashboard reads run while a sync writes; NORMAL sync is durable across app crashes in WAL mode.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)
  const kysely = new Kysely<Database>({ dialect: waitingSqliteDialect(cachingPrepare(sqlite)), plugins: [new PhoneCipherPlugin()] })
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() }
}

const STATEMENT_CACHE_SIZE = 500

/**
 * Kysely prepares every query afresh; better-sqlite3 statements are reusable, and preparing was a quarter of
 * the server's CPU during a sync push (bench/README.md). Keeps the most recently used statements by SQL text.
 */
function cachingPrepare(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>()
  const prepare = sqlite.prepare.bind(sqlite)
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source)
    if (stmt) {
      cache.delete(source) // re-insert: Map order is the recency order
    } else {
      stmt = prepare(source)
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!)
    }
    cache.set(source, stmt)
    return stmt
  }) as typeof sqlite.prepare
  return sqlite
}

const MIGRATIONS: Record<string, Migration> = {
  '2026_11_23_0001_init': init,
  '2026_11_23_0002_field_records': fieldRecords,
  '2026_11_23_0003_covering_indexes': coveringIndexes,
  '2026_11_23_0005_targets_rankings': targetsRankings,
  '2026_11_27_0006_grid_tallies': gridTallies,
  '2026_11_30_0007_accounts': accounts,
  '2026_11_30_0008_register_import': registerImport,
  '2026_11_30_0009_roster_records': rosterRecords,
  '2026_11_30_0010_dated_register': datedRegister,
  '2026_11_30_0011_review': review,
  '2026_11_30_0012_register_absences': registerAbsences,
  '2026_11_30_0013_spot_checks': spotChecks,
  '2026_11_30_0014_fraud_cases': fraudCases,
  '2026_11_30_0015_staff_moves': staffMoves,
  '2026_11_30_0016_signer_keys': signerKeys,
  '2026_11_30_0017_feedback': feedback,
  '2026_11_30_0018_phone_index': phoneIndex,
  '2026_11_30_0019_data_requests': dataRequests,
  '2026_11_30_0020_proof_and_export_layouts': proofAndExportLayouts,
  '2026_11_30_0021_client_errors': clientErrors,
  '2026_11_30_0022_media_upload_leases': mediaUploadLeases,
  '2026_11_30_0023_roster_phones_masked': rosterPhonesMasked,
  '2026_11_30_0024_records_author_visits': recordsAuthorVisits,
}

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => MIGRATIONS },
  })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(`数据库迁移失败：${failed?.migrationName ?? ''} ${String(error)}`)
  }
}

/** Allocates `count` consecutive change numbers; the row lock orders concurrent writers on PostgreSQL. */
export async function allocateRevs(trx: Kysely<Database>, count: number): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set({ value: sql`value + ${count}` })
    .where('name', '=', 'rev')
    .returning('value')
    .executeTakeFirstOrThrow()
  return Number(row.value) - count + 1
}
