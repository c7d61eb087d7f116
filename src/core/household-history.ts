// What happened at one household, as the worker's household page lists it: the server's copy (GET /households/:id)
// merged with this phone's records the server does not show yet.
//
// One record is listed once, by id: a visit both in the server's copy and still in the outbox (synced, not yet
// purged) is the server's. A local record the server's copy lacks is listed with its outbox state, so a visit saved
// offline shows 待同步, and one the server refused shows why.
import { OUTCOME_LABEL } from './coverage'
import { summariseRecord } from './record-summary'
import type { HouseholdView } from './schemas/household-detail'
import type { FieldRecord } from './schemas/record'
import type { OutboxItem, OutboxState } from './sync/outbox'

export type HistoryKind = FieldRecord['kind']

export interface HistoryEntry {
  id: string
  kind: HistoryKind
  /** ISO time it happened. */
  at: string
  /** 见面宣传, 不在家, 承诺书, 资料发放, APP安装. */
  label: string
  detail: string
  notes: string
  /** Who made the record; '' when unknown. */
  by: string
  /** `server`: in the server's copy; otherwise the outbox state of this phone's record. */
  state: 'server' | OutboxState
  message?: string
  /** Screenshots (install) or the signature (pledge). */
  shas: string[]
}

function serverEntries(view: HouseholdView): HistoryEntry[] {
  const out: HistoryEntry[] = view.visits.map((v) => ({
    id: v.recordId,
    kind: 'visit',
    at: v.visitedAt,
    label: v.outcome ? OUTCOME_LABEL[v.outcome] : '走访',
    detail: '',
    notes: v.notes,
    by: v.byName,
    state: 'server',
    shas: [],
  }))
  for (const p of view.pledges) {
    out.push({
      id: p.recordId,
      kind: 'pledge',
      at: p.signedAt,
      label: '承诺书',
      detail: `签署人 ${p.signerName} · 核验码 ${p.verificationCode}${p.duplicate ? ' · 重复签署' : ''}`,
      notes: '',
      by: '',
      state: 'server',
      shas: p.signatureSha ? [p.signatureSha] : [],
    })
  }
  // One hand-out record lists several materials, one row each.
  const handouts = new Map<string, HistoryEntry>()
  for (const h of view.handouts) {
    const line = `${h.materialName} ${h.quantity} 份`
    const entry = handouts.get(h.recordId)
    if (entry) entry.detail += `、${line}`
    else handouts.set(h.recordId, { id: h.recordId, kind: 'handout', at: h.handedAt, label: '资料发放', detail: line, notes: '', by: '', state: 'server', shas: [] })
  }
  return out.concat([...handouts.values()])
}

function localEntry(item: OutboxItem, selfName: string): HistoryEntry {
  const s = summariseRecord(item.record)
  const r = item.record
  const shas = r.kind === 'install' ? r.body.screenshotShas : []
  return {
    id: r.id,
    kind: r.kind,
    at: s.at,
    label: s.label,
    detail: s.detail,
    notes: s.notes,
    by: selfName,
    state: item.state,
    message: item.message ?? item.code,
    shas,
  }
}

/** The household's records, newest first; `items` may hold other households' records, which are left out. */
export function householdHistory(householdId: string, view: HouseholdView | null, items: OutboxItem[], selfName: string): HistoryEntry[] {
  const server = view && view.household.id === householdId ? serverEntries(view) : []
  const seen = new Set(server.map((e) => e.id))
  const local = items.filter((i) => i.record.householdId === householdId && !seen.has(i.record.id)).map((i) => localEntry(i, selfName))
  return server.concat(local).sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
}

export interface InstallHistory {
  residentId: string
  name: string
  /** Done steps with their dates, in the app's order. */
  steps: { step: 'installed' | 'real_name' | 'warning_on'; doneOn: string }[]
  screenshotShas: string[]
}

/** Per resident of the server's copy: the install steps done and their screenshots; residents with neither left out. */
export function installHistory(view: HouseholdView | null): InstallHistory[] {
  if (!view) return []
  return view.residents
    .map((r) => ({
      residentId: r.id,
      name: r.name,
      steps: (
        [
          ['installed', r.installedOn],
          ['real_name', r.realNameOn],
          ['warning_on', r.warningOnOn],
        ] as const
      ).flatMap(([step, doneOn]) => (doneOn ? [{ step, doneOn }] : [])),
      screenshotShas: r.screenshotShas,
    }))
    .filter((r) => r.steps.length > 0 || r.screenshotShas.length > 0)
}
