// One-line descriptions of field records for lists (outbox, household page), shared by every kind.
import { OUTCOME_LABEL } from './coverage'
import { INSTALL_STEP_LABEL } from './schemas/install'
import type { FieldRecord } from './schemas/record'

export interface RecordSummary {
  /** What the record is: 见面宣传, 承诺书, 资料发放, APP安装. */
  label: string
  /** When it happened by the phone's clock, ISO. */
  at: string
  /** A short detail line. */
  detail: string
  notes: string
}

export function summariseRecord(record: FieldRecord): RecordSummary {
  switch (record.kind) {
    case 'visit':
      return { label: OUTCOME_LABEL[record.body.outcome], at: record.body.visitedAt, detail: `交谈人数 ${record.body.peopleMet}`, notes: record.body.notes }
    case 'pledge':
      return { label: '承诺书', at: record.body.signedAt, detail: `签署人 ${record.body.signerName}`, notes: '' }
    case 'handout':
      return { label: '资料发放', at: record.body.handedAt, detail: `${record.body.items.reduce((n, i) => n + i.quantity, 0)} 份`, notes: '' }
    case 'install':
      return {
        label: 'APP安装',
        at: record.createdAt,
        detail: record.body.steps.map((s) => INSTALL_STEP_LABEL[s.step]).join('、') + (record.body.screenshotDeclined ? '（居民不愿截图）' : ''),
        notes: record.body.notes,
      }
    case 'roster':
      // The full description (roster-change-text.ts) stays out of the main package; the name or doorplate says enough here.
      return { label: '名册变更', at: record.createdAt, detail: 'name' in record.body ? record.body.name : 'doorplate' in record.body ? record.body.doorplate : '', notes: '' }
  }
}
