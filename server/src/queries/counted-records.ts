// Which records count in figures, lists and exports: one rule for every query that reads records.
import { sql, type RawBuilder, type SqlBool } from 'kysely'

/**
 * A record counts while no correction has replaced it, review has not found it 不属实 (core/review.ts) and the
 * resident has not withdrawn it (a granted 撤回 request, services/data-requests.ts).
 * `alias` is the records table's alias in the query, if it has one.
 */
export function counted(alias?: string): RawBuilder<SqlBool> {
  const col = (c: string) => sql.ref(alias ? `${alias}.${c}` : c)
  return sql<SqlBool>`(${col('superseded_by')} is null and ${col('review_state')} <> 'false' and ${col('withdrawn_at')} is null)`
}

/**
 * Not found 不属实 and not withdrawn: for the figures of a past moment, where a later correction does not yet apply.
 * Both leave past periods too: a false record never happened, and a withdrawn pledge is the resident's to take back.
 */
export function notFalse(alias?: string): RawBuilder<SqlBool> {
  const col = (c: string) => sql.ref(alias ? `${alias}.${c}` : c)
  return sql<SqlBool>`(${col('review_state')} <> 'false' and ${col('withdrawn_at')} is null)`
}
