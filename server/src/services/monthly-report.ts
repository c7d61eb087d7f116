// The monthly activity report (每月报送：文字、图片、数据) of a village, town or county: figures at the month's end
// and the previous month's end, per child area, the month's activity photos and a default summary to edit.
//
// Rules, by example:
// - month=2026-11: figures as the server had them at 2026-12-01 00:00 China time (the same terms as the weekly
//   ranking, so a report made on the 5th or made again later comes out the same), against 2026-11-01 00:00.
// - no month asked for: the current month, as of now (what an official opening 月报 mid-month wants to see).
// - the current month, still running: figures as of now; a month that has not started: REPORT_MONTH_FUTURE.
// - a previous month before the area had a register (households 0 at its end): no change is shown against it.
// - photos: those of visit and hand-out records received in the month (not signatures), JPEG or PNG (what a
//   .docx can hold), newest first; a photo id not among them is refused (REPORT_PHOTO_INVALID).
import { defaultSummary, householdWord, monthLabel, parseMonth, previousMonth, type MonthRange } from '@core/monthly-report'
import { chinaDate, chinaMonth, formatChinaTime } from '@core/china-time'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { MonthlyReportDraft, MonthlyReportExport, ReportFigures, ReportPhoto } from '@core/schemas/monthly-report'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { levelColumn, type UserContext } from '../auth/user-context'
import { areaInScope, childAreas, type Area } from './areas'
import { recordAudit } from './audit'
import type { DocxPhoto } from './monthly-report-docx'
import { activityAt, emptyFigures, figuresAt, type Activity, type Figures } from './rankings'
import { counted } from '../queries/counted-records'
import { spotCheckMarks } from '../truth/spot-check-stats'

/** The newest photos offered to pick from; an official picks up to REPORT_PHOTO_LIMIT. */
export const PHOTO_CANDIDATES = 60
const PHOTO_MIME = ['image/jpeg', 'image/png']

export interface ReportPeriod {
  range: MonthRange
  previous: MonthRange
  /** When the current figures are taken: the month's end, or now. */
  asOf: number
}

/** The month asked for (default the current month), refusing malformed and future ones. */
export function reportPeriod(month: string | undefined, now: number): ReportPeriod {
  const wanted = month ?? chinaMonth(now)
  const range = parseMonth(wanted)
  if (!range) throw new AppError('REPORT_MONTH_INVALID', undefined, { month: wanted })
  if (range.start > now) throw new AppError('REPORT_MONTH_FUTURE', undefined, { month: wanted })
  return { range, previous: parseMonth(previousMonth(wanted))!, asOf: Math.min(range.end, now) }
}

/** The area if the caller may report on it: a village or above (the endpoints admit officials only). */
export async function reportArea(db: Db, user: UserContext, areaId: string | undefined): Promise<Area> {
  const area = await areaInScope(db, user, areaId)
  if (area.level === 'grid') throw new AppError('REPORT_AREA_LEVEL')
  return area
}

export function reportTitle(area: Area, month: string): string {
  return `${area.name}反诈宣传工作月报（${monthLabel(month)}）`
}

/** With `spotCheckPct`, the draft lists the month's 电话抽查 discrepancy rates by child area, marking those above it. */
export async function monthlyDraft(db: Db, user: UserContext, areaId: string | undefined, month: string | undefined, now: number, spotCheckPct?: number): Promise<MonthlyReportDraft> {
  const area = await reportArea(db, user, areaId)
  const period = reportPeriod(month, now)
  const [children, current, previous, materials, photos, marks, villageNames] = await Promise.all([
    childAreas(db, area.id),
    childFigures(db, area, period.range.start, period.asOf),
    childFigures(db, area, period.previous.start, period.range.start),
    db.kysely.selectFrom('materials').select(['id', 'name']).orderBy('sort').orderBy('id').execute(),
    photoCandidates(db, area, period),
    spotCheckPct === undefined ? null : spotCheckMarks(db, area, { from: period.range.start, to: period.range.end }, spotCheckPct),
    villageNamesIn(db, area),
  ])
  const zero = toReportFigures(emptyFigures(), undefined)
  const rows = children.map((c) => ({ areaId: c.id, name: c.name, current: current.get(c.id) ?? zero, previous: previous.get(c.id) ?? zero }))
  const total = { current: sumReportFigures(rows.map((r) => r.current)), previous: sumReportFigures(rows.map((r) => r.previous)) }
  return {
    area: { id: area.id, name: area.name, level: area.level },
    month: period.range.month,
    previousMonth: period.previous.month,
    title: reportTitle(area, period.range.month),
    asOf: new Date(period.asOf).toISOString(),
    ...total,
    children: rows,
    materials,
    photos,
    summary: defaultSummary({ areaName: area.name, month: period.range.month, ...total, materials, householdWord: householdWord(villageNames) }),
    ...(marks && spotCheckPct !== undefined
      ? { spotChecks: { thresholdPct: spotCheckPct, rows: children.filter((c) => marks.has(c.id)).map((c) => ({ areaId: c.id, name: c.name, ...marks.get(c.id)! })) } }
      : {}),
  }
}

/** The names of the villages and communities the area is or holds: their kind picks 住户 or 农户. */
async function villageNamesIn(db: Db, area: Area): Promise<string[]> {
  if (area.level === 'village') return [area.name]
  const rows = await db.kysely
    .selectFrom('areas')
    .select('name')
    .where('level', '=', 'village')
    .where(area.level === 'town' ? 'town_id' : 'county_id', '=', area.id)
    .execute()
  return rows.map((r) => r.name)
}

/** Each child area's figures at `end`, with its visits since `from`. */
async function childFigures(db: Db, area: Area, from: number, end: number): Promise<Map<string, ReportFigures>> {
  const [figures, activity] = await Promise.all([figuresAt(db, area, end), activityAt(db, area, from, end)])
  const ids = new Set([...figures.keys(), ...activity.keys()])
  return new Map([...ids].map((id) => [id, toReportFigures(figures.get(id) ?? emptyFigures(), activity.get(id))]))
}

function toReportFigures(f: Figures, a: Activity | undefined): ReportFigures {
  return {
    households: f.visit_coverage.base,
    visited: f.visit_coverage.done,
    pledged: f.pledge_households.done,
    residents: f.installed.base,
    installed: f.installed.done,
    realName: f.real_name.done,
    warningOn: f.warning_on.done,
    visits: a?.visits ?? 0,
    handouts: { ...(a?.handouts ?? {}) },
  }
}

function sumReportFigures(all: ReportFigures[]): ReportFigures {
  const total = toReportFigures(emptyFigures(), undefined)
  for (const f of all) {
    for (const k of ['households', 'visited', 'pledged', 'residents', 'installed', 'realName', 'warningOn', 'visits'] as const) total[k] += f[k]
    for (const [m, q] of Object.entries(f.handouts)) total.handouts[m] = (total.handouts[m] ?? 0) + q
  }
  return total
}

/**
 * Photos of the area's visit and hand-out records received in the month, newest first, each once. With `only`,
 * just those of the given shas (to check a pick), however old among the month's.
 */
export async function photoCandidates(db: Db, area: Pick<Area, 'id' | 'level'>, period: ReportPeriod, only?: string[]): Promise<ReportPhoto[]> {
  if (only && only.length === 0) return []
  const col = levelColumn(area.level)
  let q = db.kysely
    .selectFrom('record_media as rm')
    .innerJoin('records as r', 'r.id', 'rm.record_id')
    .innerJoin('media as m', 'm.sha256', 'rm.sha256')
    .innerJoin('households as h', 'h.id', 'r.household_id')
    .innerJoin('areas as g', 'g.id', 'h.grid_id')
    .select(['rm.sha256', 'r.kind', 'r.occurred_at', 'r.body', 'h.doorplate', 'g.name as grid_name'])
    .where(`rm.${col}`, '=', area.id)
    .where('r.kind', 'in', ['visit', 'handout'])
    .where(counted('r'))
    .where('r.received_at', '>=', period.range.start)
    .where('r.received_at', '<', period.asOf)
    .where('m.mime', 'in', PHOTO_MIME)
    .orderBy('r.occurred_at', 'desc')
    .orderBy('r.seq', 'desc')
  if (only) q = q.where('rm.sha256', 'in', only)
  const rows = await q.limit(only ? only.length * 4 : PHOTO_CANDIDATES * 2).execute()
  const seen = new Set<string>()
  const out: ReportPhoto[] = []
  for (const r of rows) {
    if (seen.has(r.sha256) || isReceiptSignature(r.kind, r.body, r.sha256)) continue
    seen.add(r.sha256)
    out.push({ sha256: r.sha256, doorplate: r.doorplate, gridName: r.grid_name, date: chinaDate(Number(r.occurred_at)), kind: r.kind as ReportPhoto['kind'] })
  }
  return out.slice(0, PHOTO_CANDIDATES)
}

/** A hand-out's signed receipt is evidence, not an activity photo. */
function isReceiptSignature(kind: string, body: string, sha: string): boolean {
  return kind === 'handout' && parseStoredRecord('handout', body).body.receiptSignatureSha === sha
}

export interface MonthlyReportFile {
  bytes: Buffer
  fileName: { utf8: string; ascii: string }
}

/** The edited report as .docx: checks scope, month and every picked photo, then audits the export. */
export async function monthlyReportFile(
  deps: { db: Db; blobs: BlobStore; spotCheckPct?: number },
  user: UserContext,
  input: MonthlyReportExport,
  now: number,
): Promise<MonthlyReportFile> {
  const draft = await monthlyDraft(deps.db, user, input.areaId, input.month, now, deps.spotCheckPct)
  const area = draft.area
  const picked = await photoCandidates(deps.db, area, reportPeriod(draft.month, now), input.photoIds)
  const byId = new Map(picked.map((p) => [p.sha256, p]))
  const unknown = input.photoIds.filter((id) => !byId.has(id))
  if (unknown.length) throw new AppError('REPORT_PHOTO_INVALID', undefined, { photoIds: unknown })
  const photos = await Promise.all(input.photoIds.map((id) => docxPhoto(deps, byId.get(id)!)))
  // Loaded with the first report: docx adds 13 MB to a process (see libs/heavy-libraries.ts).
  const { monthlyReportDocx } = await import('./monthly-report-docx')
  const bytes = await monthlyReportDocx({ draft, summary: input.summary, photos, generatedAt: formatChinaTime(now) })
  await recordAudit(deps.db.kysely, {
    at: now,
    userId: user.id,
    action: 'report.export',
    entity: 'area',
    entityId: area.id,
    detail: { areaId: area.id, month: draft.month, format: 'docx', photos: input.photoIds.length, summaryChars: input.summary.length },
  })
  // Characters Windows refuses in file names, where the reports are opened.
  const stem = `${area.name.replace(/[\\/:*?"<>|\s]+/g, '_')}反诈宣传工作月报_${draft.month.replace('-', '')}`
  return { bytes, fileName: { utf8: `${stem}.docx`, ascii: `monthly-report_${area.id.replace(/[^A-Za-z0-9_-]/g, '_')}_${draft.month}.docx` } }
}

const KIND_LABEL: Record<ReportPhoto['kind'], string> = { visit: '入户走访', handout: '宣传资料发放' }

async function docxPhoto(deps: { db: Db; blobs: BlobStore }, p: ReportPhoto): Promise<DocxPhoto> {
  const m = await deps.db.kysely.selectFrom('media').select(['mime', 'width', 'height']).where('sha256', '=', p.sha256).executeTakeFirstOrThrow()
  const body = await deps.blobs.get(p.sha256)
  if (!body) throw new AppError('NOT_FOUND', '照片文件缺失，请换一张')
  const data = Buffer.concat(await body.toArray())
  return { data, type: m.mime === 'image/png' ? 'png' : 'jpg', width: m.width, height: m.height, caption: `${p.gridName} ${p.doorplate} · ${p.date} ${KIND_LABEL[p.kind]}` }
}
