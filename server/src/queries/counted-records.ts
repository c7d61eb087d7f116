// Which records count in figures, lists and exports: one rule for every query that reads records.
import { sql, type RawBuilder, type SqlBool } from 'kysely'

/**
 * A record counts while no correction has replaced it and review has not found it 不属实 (core/review.ts).
 * `alias` is the records table's alias in the query, if it has one.
 */
export function counted(alias?: string): RawBuilder<SqlBool> {
  const col = (c: string) => sql.ref(alias ? `${alias}.${c}` : c)
  return sql<SqlBool>`(${col('superseded_by')} is null and ${col('review_state')} <> 'false')`
}

/** Not found 不属实: for the figures of a past moment, where a later correction does not yet apply. */
export function notFalse(alias?: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.ref(alias ? `${alias}.review_state` : 'review_state')} <> 'false'`
}
