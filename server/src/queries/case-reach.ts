// Whether a fraud case's victim had been reached before the case date (逐案倒查): the one rule the case list, the
// back-check and the dashboards' share read.
//
// Reached, before China midnight of the case date (a visit on the case day itself may have come after the call):
// - a counted visit to the household whose outcome was 见面宣传 (met): 不在家 and 拒绝 did not reach anyone;
// - a counted pledge signed in the household, by anyone;
// - one of the matched resident's install steps (已安装 / 已实名注册 / 已开启预警) dated before the case date, as the
//   resident's counted install records put them. A case matched to the household only has no install step.
// Counted: not superseded by a correction and not found 不属实 (queries/counted-records.ts). Hand-outs are shown in
// the back-check but do not make a victim reached: a leaflet in the letterbox is not outreach that met anyone.
import { sql, type RawBuilder } from 'kysely'
import { counted } from './counted-records'

/** 1 when the case under alias `c` (fraud_cases) was reached before its date, else 0. */
export function reachedBeforeCase(c = 'c'): RawBuilder<number> {
  const ref = (col: string) => sql.ref(`${c}.${col}`)
  const installedBefore = (col: string) => sql`(rv.${sql.raw(col)} is not null and rv.${sql.raw(col)} < ${ref('case_date')})`
  return sql<number>`(case when
    exists (select 1 from records rr where rr.household_id = ${ref('household_id')} and rr.kind = 'visit' and rr.outcome = 'met'
      and ${counted('rr')} and rr.occurred_at < ${ref('case_start_at')})
    or exists (select 1 from pledges pp inner join records rp on rp.id = pp.record_id where pp.household_id = ${ref('household_id')}
      and ${counted('rp')} and pp.signed_at < ${ref('case_start_at')})
    or exists (select 1 from residents rv where rv.id = ${ref('resident_id')}
      and (${installedBefore('installed_on')} or ${installedBefore('real_name_on')} or ${installedBefore('warning_on_on')}))
    then 1 else 0 end)`
}
