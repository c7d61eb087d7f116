// The visit register (入户走访登记) of one week, by the visits' own dates (China time), as .xlsx: the app's default
// columns or the county's layout for the 上级平台 (core/export-layout.ts), so a visit is keyed in once.
//
// Example: week=2026-11-25 → visits dated Mon 2026-11-23 … Sun 2026-11-29, in the order the server received them; a corrected
// visit shows once, as corrected; a visit found 不属实 is not listed (queries/counted-records.ts).
import type { Writable } from 'node:stream'
import { formatChinaTime, chinaDate, chinaDateStart, DAY_MS } from '@core/china-time'
import { OUTCOME_LABEL } from '@core/coverage'
import { VISIT_FIELDS, layoutCells, type ExportLayout, type VisitField } from '@core/export-layout'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { Db } from '../db/database'
import { levelColumn, type UserContext } from '../auth/user-context'
import { counted } from '../queries/counted-records'
import { writeXlsx } from '../imports/xlsx-writer'
import { safeFilePart } from '../http/file-reply'
import type { Area } from './areas'
import { recordAudit } from './audit'
import type { RosterPeriod } from './roster'

const PAGE = 1000

export interface VisitRegisterRequest {
  area: Area
  period: RosterPeriod
  user: UserContext
  now: number
}

type VisitRow = Record<VisitField, string | number | null>

/** The register's rows a page at a time (keyset on the record's seq), numbered from 1. */
export async function* visitRegisterPages(db: Db, req: Pick<VisitRegisterRequest, 'area' | 'period'>): AsyncGenerator<VisitRow[]> {
  const from = chinaDateStart(req.period.from)
  const to = chinaDateStart(req.period.to) + DAY_MS
  let after = 0
  let no = 0
  for (;;) {
    const rows = await db.kysely
      .selectFrom('records as r')
      .innerJoin('households as h', 'h.id', 'r.household_id')
      .innerJoin('areas as g', 'g.id', 'r.grid_id')
      .innerJoin('areas as v', 'v.id', 'r.village_id')
      .innerJoin('areas as t', 't.id', 'r.town_id')
      .leftJoin('users as u', 'u.id', 'r.author_id')
      .select(['r.seq', 'r.body', 'r.occurred_at', 'h.doorplate', 'h.head_name', 'g.name as grid_name', 'v.name as village_name', 't.name as town_name', 'u.name as author_name'])
      .where(`r.${levelColumn(req.area.level)}`, '=', req.area.id)
      .where('r.kind', '=', 'visit')
      .where(counted('r'))
      .where('r.occurred_at', '>=', from)
      .where('r.occurred_at', '<', to)
      // A visit reaches the server after it happens (a day allowed for a phone clock running ahead), so the area's
      // (…_id, received_at) index bounds the scan to records received since the week began, not all time.
      .where('r.received_at', '>=', from - DAY_MS)
      .where('r.seq', '>', after)
      .orderBy('r.seq')
      .limit(PAGE)
      .execute()
    if (rows.length === 0) return
    after = Number(rows[rows.length - 1].seq)
    const bodies = rows.map((r) => parseStoredRecord('visit', r.body).body)
    const names = await residentNames(db, bodies.flatMap((b) => b.residentIds))
    yield rows.map((r, i) => {
      const b = bodies[i]
      const at = formatChinaTime(Number(r.occurred_at))
      return {
        no: ++no,
        town: r.town_name,
        village: r.village_name,
        grid: r.grid_name,
        doorplate: r.doorplate,
        headName: r.head_name,
        visitedOn: chinaDate(Number(r.occurred_at)),
        visitedTime: at.slice(11),
        outcome: OUTCOME_LABEL[b.outcome],
        peopleMet: b.peopleMet,
        residents: b.residentIds.map((id) => names.get(id) ?? '').filter(Boolean).join('、'),
        worker: r.author_name ?? '',
        notes: b.notes,
        photos: b.photoShas?.length ?? 0,
      }
    })
    if (rows.length < PAGE) return
  }
}

async function residentNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)]
  const out = new Map<string, string>()
  for (let i = 0; i < unique.length; i += 5000) {
    const rows = await db.kysely.selectFrom('residents').select(['id', 'name']).where('id', 'in', unique.slice(i, i + 5000)).execute()
    for (const r of rows) out.set(r.id, r.name)
  }
  return out
}

const DEFAULT_LAYOUT: Pick<ExportLayout, 'columns' | 'dateFormat'> = {
  columns: Object.entries(VISIT_FIELDS).map(([field, header]) => ({ field, header })),
  dateFormat: 'YYYY-MM-DD',
}

/** Writes the register to `out` in the county's layout, or the default columns without one; audited as export.visits. */
export async function writeVisitRegisterXlsx(db: Db, req: VisitRegisterRequest, layout: ExportLayout | null, out: Writable): Promise<number> {
  const use = layout ?? DEFAULT_LAYOUT
  let rows = 0
  await writeXlsx(out, [
    {
      name: '入户走访登记',
      widths: use.columns.map((c) => Math.max(8, Math.min(40, c.header.length * 2 + 4))),
      freezeHeader: true,
      rows: async function* () {
        yield { cells: use.columns.map((c) => c.header), style: 'header' as const }
        for await (const page of visitRegisterPages(db, req)) {
          for (const r of page) yield { cells: layoutCells(use, r) }
          rows += page.length
        }
        await recordAudit(db.kysely, {
          at: req.now,
          userId: req.user.id,
          action: 'export.visits',
          entity: 'area',
          entityId: req.area.id,
          detail: { areaId: req.area.id, week: req.period.from, weekEnd: req.period.to, rows, format: layout ? 'county' : 'default', ...(layout ? { layout: layout.name } : {}) },
        })
      },
    },
  ])
  return rows
}

/** 入户走访登记_<村名>_<20261123>-<20261129>.xlsx and an ASCII fallback. */
export function visitRegisterFileName(req: Pick<VisitRegisterRequest, 'area' | 'period'>): { utf8: string; ascii: string } {
  const range = `${req.period.from.replaceAll('-', '')}-${req.period.to.replaceAll('-', '')}`
  return {
    utf8: `入户走访登记_${safeFilePart(req.area.name)}_${range}.xlsx`,
    ascii: `visits_${req.area.id.replace(/[^A-Za-z0-9_-]/g, '_')}_${range}.xlsx`,
  }
}
