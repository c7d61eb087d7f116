// The SQLite dialect the server uses: Kysely's, with lock contention waited out instead of failed.
import type SQLite from 'better-sqlite3'
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely'

// Lock contention on SQLite (#12 item 5). Other connections write to the same file: the ranking worker's thread,
// a second server process. Every connection waits busy_timeout for the write lock, but that wait blocks the
// thread (better-sqlite3 is synchronous), so it is kept short and a still-busy database is retried without
// blocking, for up to SQLITE_BUSY_RETRY_MS. A transaction begins IMMEDIATE: it takes the write lock first. A
// deferred one reads, then tries to write; if another connection committed in between, SQLite answers
// SQLITE_BUSY at once, without waiting (its snapshot is stale), and that was the push's HTTP 500.
export const SQLITE_BUSY_TIMEOUT_MS = 250
const SQLITE_BUSY_RETRY_MS = 60_000

export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: string })?.code
  return code === 'SQLITE_BUSY' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY_'))
}

/** Runs `fn` again while SQLite says another connection holds the lock, with a growing, jittered pause. */
async function retryWhileBusy<T>(fn: () => Promise<T>): Promise<T> {
  const until = Date.now() + SQLITE_BUSY_RETRY_MS
  for (let pause = 10; ; pause = Math.min(pause * 2, 500)) {
    try {
      return await fn()
    } catch (err) {
      if (!isSqliteBusy(err) || Date.now() > until) throw err
      await new Promise((r) => setTimeout(r, pause / 2 + Math.random() * pause))
    }
  }
}

class WaitingSqliteDriver extends SqliteDriver {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite })
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection()
    const sqlite = this.sqlite
    // A statement on its own (outside a transaction) is its own transaction and is safe to run again.
    return {
      executeQuery: <R>(q: CompiledQuery): Promise<QueryResult<R>> =>
        sqlite.inTransaction ? connection.executeQuery<R>(q) : retryWhileBusy(() => connection.executeQuery<R>(q)),
      streamQuery: (q, chunkSize) => connection.streamQuery(q, chunkSize),
    }
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await retryWhileBusy(() => connection.executeQuery(CompiledQuery.raw('begin immediate')))
  }
}

export function waitingSqliteDialect(sqlite: SQLite.Database): Dialect {
  const base = new SqliteDialect({ database: sqlite })
  return {
    createAdapter: () => base.createAdapter(),
    createDriver: (): Driver => new WaitingSqliteDriver(sqlite),
    createIntrospector: (db) => base.createIntrospector(db),
    createQueryCompiler: () => base.createQueryCompiler(),
  }
}
