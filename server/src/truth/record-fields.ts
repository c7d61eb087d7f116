// A record's content as labelled lines in plain Chinese, for the review queue and for showing two versions of a
// conflicting record side by side (same labels in the same order, so the lines pair up).
import type { Kysely } from 'kysely'
import { formatChinaTime } from '@core/china-time'
import { OUTCOME_LABEL } from '@core/coverage'
import { describeRosterChange } from '@core/roster-change-text'
import { INSTALL_STEP_LABEL, INSTALL_STEPS } from '@core/schemas/install'
import type { FieldLine } from '@core/schemas/review'
import type { FieldRecord } from '@core/schemas/record'
import type { Database } from '../db/schema'

export const KIND_LABEL: Record<string, string> = {
  visit: '走访',
  pledge: '承诺书',
  handout: '资料发放',
  install: 'APP安装',
  roster: '名册变更',
}

/** Names the lines mention: residents and materials by id. */
export interface FieldNames {
  residents: Map<string, string>
  materials: Map<string, string>
}

const at = (iso: string) => formatChinaTime(Date.parse(iso))
const count = (shas: readonly string[] | undefined, unit: string) => `${shas?.length ?? 0} ${unit}`

export function recordFields(record: FieldRecord, names: FieldNames): FieldLine[] {
  const person = (id: string | null | undefined) => (id ? (names.residents.get(id) ?? '（不在名册）') : '—')
  switch (record.kind) {
    case 'visit': {
      const b = record.body
      return [
        { label: '走访结果', value: OUTCOME_LABEL[b.outcome] },
        { label: '走访时间', value: at(b.visitedAt) },
        { label: '交谈人数', value: String(b.peopleMet) },
        { label: '见到的成员', value: b.residentIds.map(person).join('、') || '—' },
        { label: '定位', value: b.location ? `已定位（误差约 ${Math.round(b.location.accuracy)} 米）` : '未定位' },
        { label: '照片', value: count(b.photoShas, '张') },
        { label: '备注', value: b.notes || '—' },
      ]
    }
    case 'pledge': {
      const b = record.body
      return [
        { label: '签署人', value: b.signerName },
        { label: '对应成员', value: person(b.residentId) },
        { label: '签署时间', value: at(b.signedAt) },
        { label: '签署方式', value: b.channel === 'resident_link' ? '居民用链接自己签' : '在网格员手机上签' },
      ]
    }
    case 'handout': {
      const b = record.body
      return [
        { label: '发放资料', value: b.items.map((i) => `${names.materials.get(i.materialId) ?? '资料'} × ${i.quantity}`).join('、') },
        { label: '领取人', value: b.recipientName || person(b.residentId) },
        { label: '发放时间', value: at(b.handedAt) },
        { label: '领取签名', value: b.receiptSignatureSha ? '有' : '无' },
        { label: '照片', value: count(b.photoShas, '张') },
      ]
    }
    case 'install': {
      const b = record.body
      const done = new Map(b.steps.map((s) => [s.step, s.doneOn]))
      return [
        { label: '居民', value: person(b.residentId) },
        ...INSTALL_STEPS.map((s) => ({ label: INSTALL_STEP_LABEL[s], value: done.get(s) ?? '未完成' })),
        { label: '截图', value: count(b.screenshotShas, '张') },
        { label: '备注', value: b.notes || '—' },
      ]
    }
    case 'roster': {
      const b = record.body
      return [{ label: '变更', value: describeRosterChange(b, 'residentId' in b ? (names.residents.get(b.residentId) ?? null) : null) }]
    }
  }
}

/** The names the given records mention, in two queries. */
export async function fieldNames(db: Kysely<Database>, records: FieldRecord[]): Promise<FieldNames> {
  const residentIds = new Set<string>()
  const materialIds = new Set<string>()
  for (const r of records) {
    if (r.kind === 'visit') r.body.residentIds.forEach((id) => residentIds.add(id))
    else if (r.kind === 'handout') r.body.items.forEach((i) => materialIds.add(i.materialId))
    if ('residentId' in r.body && r.body.residentId) residentIds.add(r.body.residentId)
  }
  const residents = residentIds.size ? await db.selectFrom('residents').select(['id', 'name']).where('id', 'in', [...residentIds]).execute() : []
  const materials = materialIds.size ? await db.selectFrom('materials').select(['id', 'name']).where('id', 'in', [...materialIds]).execute() : []
  return { residents: new Map(residents.map((r) => [r.id, r.name])), materials: new Map(materials.map((m) => [m.id, m.name])) }
}
