// The 16–60 target group (src/core/age-band.ts) as a SQL condition on a birth-year column.
import { sql, type Expression, type SqlBool } from 'kysely'
import { targetBirthYears } from '@core/age-band'

/** `column` (e.g. 'p.birth_year') within the target group's birth years for China year `year`; null never is. */
export function birthYearInTargetAge(column: `${string}.birth_year`, year: number): Expression<SqlBool> {
  const { from, to } = targetBirthYears(year)
  return sql<SqlBool>`${sql.ref(column)} between ${from} and ${to}`
}
