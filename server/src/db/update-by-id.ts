// Many rows' new values in one statement: UPDATE … FROM (VALUES …). PostgreSQL and SQLite (3.33 and later) both name
// the columns of an unaliased VALUES list column1, column2, …, so the same text serves both. Each value is cast:
// PostgreSQL would otherwise read a parameter in VALUES as text and refuse it for an integer column.
import { sql, type Kysely } from 'kysely'
import type { Database } from './schema'

export type ColumnType = 'integer' | 'bigint' | 'text'

/** Rows per statement: 7 values a row stay far below either database's limit on parameters. */
const ROWS_PER_STATEMENT = 500

/** Sets `columns` of each row found by its id to the row's values; rows with no such id change nothing. */
export async function updateById<R extends { id: string }>(
  trx: Kysely<Database>,
  table: 'households' | 'residents',
  columns: { [K in Exclude<keyof R, 'id'>]: ColumnType },
  rows: readonly R[],
): Promise<void> {
  const names = Object.keys(columns) as Exclude<keyof R, 'id'>[]
  const set = sql.join(names.map((c, i) => sql`${sql.ref(String(c))} = v.${sql.raw(`column${i + 2}`)}`))
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => {
      const cells = names.map((c) => sql`cast(${r[c]} as ${sql.raw(columns[c])})`)
      return sql`(cast(${r.id} as text), ${sql.join(cells)})`
    })
    await sql`update ${sql.table(table)} set ${set} from (values ${sql.join(values)}) as v where ${sql.ref(`${table}.id`)} = v.column1`.execute(trx)
  }
}
