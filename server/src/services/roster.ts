// The weekly install roster (国家反诈中心APP推广安装注册花名册) and its screenshots, streamed for a whole town.
//
// Rules, by example:
// - week=2026-11-25 (a Wednesday): the week Mon 2026-11-23 … Sun 2026-11-29, China time; no week: the week just
//   ended, so a village exporting on Monday gets last Monday to yesterday.
// - scope=week: residents with any of the three steps dated in that week (whatever their age: the proof exists);
//   scope=all: every 16–60 resident of the area (age in the week's year) with their current steps, done or not.
// - row 7, 张三, two screenshots: 截图文件名 "0007_张三_1.jpg;0007_张三_2.png", and the zip holds exactly those files;
//   a screenshot named by a record but not uploaded yet: "0007_张三_3（待上传）" in the sheet, a line in 缺失截图.txt.
// - memory stays bounded: residents are read 1,000 at a time by id (keyset), each page written out before the
//   next is read, and the zip reads one screenshot file at a time from the blob store, never the whole set.
import type { Writable } from 'node:stream'
import { loadExcel } from '../libs/heavy-libraries'
import { DAY_MS, WEEK_MS, chinaDate, chinaDateStart, chinaWeekStart } from '@core/china-time'
import { maskPhone } from '@core/mask'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { levelColumn, type UserContext } from '../auth/user-context'
import { birthYearInTargetAge } from '../queries/target-age'
import type { Area } from './areas'
import { safeFilePart } from '../http/file-reply'
import { StoredZipWriter } from '../imports/stored-zip'
import { drained } from '../http/drained'
import { recordAudit } from './audit'
import { counted } from '../queries/counted-records'
import { layoutCells, type ExportLayout, type RosterField } from '@core/export-layout'
import { writeXlsx, type XlsxSheet } from '../imports/xlsx-writer'

export type RosterScope = 'week' | 'all'

export interface RosterPeriod {
  /** Monday, YYYY-MM-DD (China time). */
  from: string
  /** Sunday, YYYY-MM-DD. */
  to: string
}

export interface RosterScreenshot {
  sha256: string
  /** Name in the sheet and in the zip, e.g. 0001_张三_1.jpg; without an extension when not uploaded yet. */
  fileName: string
  uploaded: boolean
}

export interface RosterRow {
  no: number
  town: string
  village: string
  grid: string
  doorplate: string
  name: string
  age: number | null
  phone: string
  installedOn: string | null
  realNameOn: string | null
  warningOnOn: string | null
  worker: string
  screenshots: RosterScreenshot[]
  /** 居民不愿截图: an install record of theirs says the resident declined a screenshot (and none was given). */
  screenshotDeclined: boolean
}

export interface RosterRequest {
  area: Area
  period: RosterPeriod
  scope: RosterScope
  user: UserContext
  now: number
}

export const ROSTER_PAGE = 1000
export const ROSTER_TITLE = '国家反诈中心APP推广安装注册花名册'
export const MISSING_LIST_NAME = '缺失截图.txt'

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }

/** The Monday–Sunday week containing `week` (YYYY-MM-DD), or the one before the week containing `now`. */
export function rosterPeriod(week: string | undefined, now: number): RosterPeriod {
  const start = week ? chinaWeekStart(chinaDateStart(week)) : chinaWeekStart(now) - WEEK_MS
  return { from: chinaDate(start), to: chinaDate(start + 6 * DAY_MS) }
}


/** The roster's rows, page by page in resident-id order, numbered from 1. */
export async function* rosterPages(db: Db, req: Pick<RosterRequest, 'area' | 'period' | 'scope'>, pageSize = ROSTER_PAGE): AsyncGenerator<RosterRow[]> {
  const { area, period, scope } = req
  const col = levelColumn(area.level)
  const year = Number(period.to.slice(0, 4))
  let after = ''
  let no = 0
  for (;;) {
    let q = db.kysely
      .selectFrom('residents as p')
      .innerJoin('households as h', 'h.id', 'p.household_id')
      .innerJoin('areas as g', 'g.id', 'h.grid_id')
      .innerJoin('areas as v', 'v.id', 'h.village_id')
      .innerJoin('areas as t', 't.id', 'h.town_id')
      .select([
        'p.id',
        'p.household_id',
        'p.name',
        'p.birth_year',
        'p.phone',
        'p.installed_on',
        'p.real_name_on',
        'p.warning_on_on',
        'h.doorplate',
        'g.name as grid_name',
        'v.name as village_name',
        't.name as town_name',
      ])
      .where(`p.${col}`, '=', area.id)
      .where('p.deleted_at', 'is', null)
      .where('h.deleted_at', 'is', null)
      .where('p.id', '>', after)
    if (scope === 'week') {
      q = q.where((eb) =>
        eb.or(
          (['p.installed_on', 'p.real_name_on', 'p.warning_on_on'] as const).map((c) =>
            eb.and([eb(c, '>=', period.from), eb(c, '<=', period.to)]),
          ),
        ),
      )
    } else {
      q = q.where(birthYearInTargetAge('p.birth_year', year))
    }
    const residents = await q.orderBy('p.id').limit(pageSize).execute()
    if (residents.length === 0) return
    after = residents[residents.length - 1].id
    const proofs = await installProofs(db, residents.map((r) => r.household_id), new Set(residents.map((r) => r.id)))
    const uploaded = await uploadedMime(db, [...proofs.values()].flatMap((p) => p.shas))
    yield residents.map((r) => {
      no += 1
      const proof = proofs.get(r.id)
      const prefix = `${String(no).padStart(4, '0')}_${safeFilePart(r.name)}`
      return {
        no,
        town: r.town_name,
        village: r.village_name,
        grid: r.grid_name,
        doorplate: r.doorplate,
        name: r.name,
        age: r.birth_year === null ? null : year - r.birth_year,
        phone: maskPhone(r.phone),
        installedOn: r.installed_on,
        realNameOn: r.real_name_on,
        warningOnOn: r.warning_on_on,
        worker: proof?.worker ?? '',
        screenshotDeclined: Boolean(proof?.declined) && !proof?.shas.length,
        screenshots: (proof?.shas ?? []).map((sha256, i) => {
          const mime = uploaded.get(sha256)
          const ext = mime ? EXTENSION[mime] : undefined
          return { sha256, uploaded: Boolean(ext), fileName: ext ? `${prefix}_${i + 1}.${ext}` : `${prefix}_${i + 1}（待上传）` }
        }),
      }
    })
    if (residents.length < pageSize) return
  }
}

/** Per resident: the screenshots of all their effective install records (oldest first), and the latest record's author. */
async function installProofs(db: Db, householdIds: string[], residentIds: Set<string>): Promise<Map<string, { shas: string[]; worker: string; declined: boolean }>> {
  const rows = await db.kysely
    .selectFrom('records as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .select(['r.body', 'u.name as author_name', 'r.author_id'])
    .where('r.household_id', 'in', [...new Set(householdIds)])
    .where('r.kind', '=', 'install')
    .where(counted('r'))
    .orderBy('r.seq')
    .execute()
  const out = new Map<string, { shas: string[]; worker: string; declined: boolean }>()
  for (const row of rows) {
    const body = parseStoredRecord('install', row.body).body
    if (!residentIds.has(body.residentId)) continue
    const proof = out.get(body.residentId) ?? { shas: [], worker: '', declined: false }
    if (body.screenshotDeclined) proof.declined = true
    for (const sha of body.screenshotShas) if (!proof.shas.includes(sha)) proof.shas.push(sha)
    proof.worker = row.author_name ?? row.author_id
    out.set(body.residentId, proof)
  }
  return out
}

async function uploadedMime(db: Db, shas: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const unique = [...new Set(shas)]
  // PostgreSQL allows 65,535 parameters per statement and SQLite 32,766: stay well below both.
  for (let i = 0; i < unique.length; i += 5000) {
    const rows = await db.kysely.selectFrom('media').select(['sha256', 'mime']).where('sha256', 'in', unique.slice(i, i + 5000)).execute()
    for (const r of rows) out.set(r.sha256, r.mime)
  }
  return out
}

/** 花名册_<村名>_<20261123>-<20261129>.<ext>: the UTF-8 name for the filename* parameter and an ASCII fallback. */
export function rosterFileName(req: Pick<RosterRequest, 'area' | 'period' | 'scope'>, kind: 'xlsx' | 'zip'): { utf8: string; ascii: string } {
  const range = `${req.period.from.replaceAll('-', '')}-${req.period.to.replaceAll('-', '')}`
  const label = req.scope === 'all' ? `全部截至${req.period.to.replaceAll('-', '')}` : range
  const stem = kind === 'xlsx' ? '花名册' : '花名册截图'
  return {
    utf8: `${stem}_${safeFilePart(req.area.name)}_${label}.${kind}`,
    ascii: `roster${kind === 'zip' ? '-screenshots' : ''}_${req.area.id.replace(/[^A-Za-z0-9_-]/g, '_')}_${req.scope === 'all' ? 'all' : range}.${kind}`,
  }
}

/** RFC 6266 / 5987: an ASCII filename for old clients and the real one, UTF-8 and percent-encoded. */
const COLUMNS: { header: string; width: number }[] = [
  { header: '序号', width: 7 },
  { header: '镇（街道）', width: 14 },
  { header: '村（社区）', width: 14 },
  { header: '网格', width: 12 },
  { header: '门牌', width: 16 },
  { header: '姓名', width: 10 },
  { header: '年龄', width: 6 },
  { header: '手机号', width: 14 },
  { header: '已安装', width: 12 },
  { header: '已实名注册', width: 12 },
  { header: '已开启预警', width: 12 },
  { header: '网格员', width: 10 },
  { header: '截图文件名', width: 48 },
]
export const ROSTER_HEADERS = COLUMNS.map((c) => c.header)

/** What the sheet says for a resident who declined a screenshot: an explicit choice, not a missing proof. */
export const DECLINED = '居民不愿截图'

/** A roster row as the fields of core/export-layout.ts ROSTER_FIELDS name them; the phone stays masked. */
export function rosterFields(r: RosterRow): Record<RosterField, string | number | null> {
  return {
    no: r.no,
    town: r.town,
    village: r.village,
    grid: r.grid,
    doorplate: r.doorplate,
    name: r.name,
    age: r.age,
    phone: r.phone,
    installedOn: r.installedOn,
    realNameOn: r.realNameOn,
    warningOnOn: r.warningOnOn,
    worker: r.worker,
    screenshots: r.screenshots.map((s) => s.fileName).join(';'),
    proof: r.screenshots.length ? `截图${r.screenshots.length}张` : r.screenshotDeclined ? DECLINED : '',
  }
}

/**
 * The roster in the county's layout for the 上级平台: one header row with the county's column names, then a row per
 * resident with the fields in the county's order and dates in its format. Streamed; audited as export.roster.
 */
export async function writeRosterLayoutXlsx(db: Db, req: RosterRequest, layout: ExportLayout, out: Writable): Promise<number> {
  let rows = 0
  const sheet: XlsxSheet = {
    name: '花名册',
    widths: layout.columns.map((c) => Math.max(8, Math.min(40, c.header.length * 2 + 4))),
    freezeHeader: true,
    rows: async function* () {
      yield { cells: layout.columns.map((c) => c.header), style: 'header' as const }
      for await (const page of rosterPages(db, req)) {
        for (const r of page) yield { cells: layoutCells(layout, rosterFields(r)) }
        rows += page.length
      }
      await auditExport(db, req, 'export.roster', { rows }, { format: 'county', layout: layout.name })
    },
  }
  await writeXlsx(out, [sheet])
  return rows
}

/** Writes the roster as .xlsx to `out` (the HTTP response) and audits the export. Returns the row count. */
export async function writeRosterXlsx(db: Db, req: RosterRequest, out: Writable): Promise<number> {
  const ExcelJS = await loadExcel()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  wb.creator = '反诈入户通'
  wb.created = new Date(req.now)
  const ws = wb.addWorksheet('花名册', {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '2:2',
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    views: [{ state: 'frozen', ySplit: 2, xSplit: 0 }],
  })
  ws.columns = COLUMNS.map((c) => ({ width: c.width }))
  const scopeLabel = req.scope === 'week' ? `${req.period.from} 至 ${req.period.to}` : `全部 16–60 岁居民（截至 ${req.period.to}）`
  const title = ws.addRow([`${ROSTER_TITLE}（${req.area.name}，${scopeLabel}）`])
  title.font = { bold: true, size: 14 }
  title.height = 24
  ws.mergeCells(1, 1, 1, COLUMNS.length)
  title.commit()
  const header = ws.addRow(ROSTER_HEADERS)
  header.font = { bold: true }
  header.alignment = { vertical: 'middle', horizontal: 'center' }
  header.commit()

  let rows = 0
  for await (const page of rosterPages(db, req)) {
    for (const r of page) {
      ws.addRow([
        r.no,
        r.town,
        r.village,
        r.grid,
        r.doorplate,
        r.name,
        r.age,
        r.phone,
        r.installedOn ?? '',
        r.realNameOn ?? '',
        r.warningOnOn ?? '',
        r.worker,
        r.screenshotDeclined ? DECLINED : r.screenshots.map((s) => s.fileName).join(';'),
      ]).commit()
    }
    rows += page.length
    // A page's worth of output waits until the client has taken what was written before: bounded memory.
    await drained(out)
  }
  // Audited before the last bytes go out, so the trail has the export by the time the download completes.
  await auditExport(db, req, 'export.roster', { rows })
  ws.commit()
  await wb.commit()
  return rows
}

/**
 * Writes the screenshots as a .zip to `out`: stored, not deflated (JPEGs do not shrink), each file streamed from
 * the blob store in turn. Files not uploaded yet are listed in 缺失截图.txt. Returns the counts it audited.
 */
export async function writeRosterZip(db: Db, blobs: BlobStore, req: RosterRequest, out: Writable): Promise<{ rows: number; files: number; missing: number }> {
  const zip = new StoredZipWriter(out)
  const at = new Date(req.now)
  const missing: string[] = []
  let rows = 0
  let files = 0
  for await (const page of rosterPages(db, req)) {
    for (const r of page) {
      for (const s of r.screenshots) {
        const body = s.uploaded ? await blobs.get(s.sha256) : null
        if (!body) {
          missing.push(`${s.fileName}\t${r.village} ${r.doorplate} ${r.name}\tsha256=${s.sha256}`)
          continue
        }
        // One file open at a time, written only as fast as the download takes it.
        await zip.addStream(s.fileName, body, at)
        files += 1
      }
    }
    rows += page.length
  }
  if (missing.length) {
    const text = [`以下 ${missing.length} 张截图尚未上传（待上传），未包含在本压缩包中：`, '文件名\t居民\t指纹', ...missing, ''].join('\r\n')
    await zip.addBuffer(MISSING_LIST_NAME, Buffer.from(`\ufeff${text}`, 'utf8'), at)
  }
  const counts = { rows, files, missing: missing.length }
  await auditExport(db, req, 'export.roster-zip', counts)
  await zip.finish()
  return counts
}

async function auditExport(db: Db, req: RosterRequest, action: string, counts: Record<string, number>, extra: Record<string, string> = {}): Promise<void> {
  await recordAudit(db.kysely, {
    at: req.now,
    userId: req.user.id,
    action,
    entity: 'area',
    entityId: req.area.id,
    detail: { areaId: req.area.id, week: req.period.from, weekEnd: req.period.to, scope: req.scope, ...counts, ...extra },
  })
}
