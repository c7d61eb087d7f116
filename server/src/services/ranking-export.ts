// The stored weekly ranking (排名通报) as an .xlsx laid out for printing: A4 landscape, the header row repeated on
// every page, rates as percentage cells and the bottom places filled light red.
import { loadExcel } from '../libs/heavy-libraries'
import { DAY_MS, chinaDate, chinaDateStart } from '@core/china-time'
import { BOTTOM_N, INDICATORS, bottomAreaIds, type Indicator } from '@core/targets'
import type { RankingResponse, RankingRow } from '@core/schemas/targets'
import type { Db } from '../db/database'
import type { UserContext } from '../auth/user-context'
import { safeFilePart } from '../http/file-reply'
import { recordAudit } from './audit'
import { areaInScope } from './areas'
import { storedRanking } from './rankings'

export const RANKING_FILL = 'FFFFCDD2'

export const INDICATOR_COLUMNS: Record<Indicator, string> = {
  visit_coverage: '入户宣传率',
  pledge_households: '承诺书签署率',
  installed: 'APP安装率',
  real_name: '实名注册率',
  warning_on: '预警开启率',
}

/** 较上周 as printed: ↑2（+3.5）, ↓1（-2.0）, 持平（+0.0）, or 新增 when not ranked the week before. */
export function changeLabel(change: RankingRow['change']): string {
  if (change.rank === null || change.score === null) return '—'
  const score = `${change.score >= 0 ? '+' : ''}${change.score.toFixed(1)}`
  const rank = change.rank > 0 ? `↑${change.rank}` : change.rank < 0 ? `↓${-change.rank}` : '持平'
  return `${rank}（${score}）`
}

export interface RankingXlsx {
  bytes: Buffer
  fileName: { utf8: string; ascii: string }
  ranking: RankingResponse
}

/** Builds the workbook for the stored ranking of `areaId` (default the caller's area) and audits the export. */
export async function rankingXlsx(db: Db, user: UserContext, areaId: string | undefined, week: string | undefined, now: number): Promise<RankingXlsx> {
  const ranking = await storedRanking(db, user, areaId, week)
  const area = await areaInScope(db, user, ranking.areaId)
  const from = ranking.weekStart
  const to = chinaDate(chinaDateStart(from) + 6 * DAY_MS)
  const childLabel = area.level === 'county' ? '镇（街道）' : '村（社区）'
  const title = `${area.name}各${childLabel}反诈宣传工作排名通报`

  const ExcelJS = await loadExcel()
  const wb = new ExcelJS.Workbook()
  wb.creator = '反诈入户通'
  wb.created = new Date(now)
  const headers = ['排名', childLabel, ...INDICATORS.map((i) => INDICATOR_COLUMNS[i]), '综合得分', '较上周']
  const ws = wb.addWorksheet('排名通报', {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '3:3',
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: 3, xSplit: 0 }],
  })
  ws.columns = [{ width: 7 }, { width: 18 }, ...INDICATORS.map(() => ({ width: 13 })), { width: 11 }, { width: 14 }]
  const thin = { style: 'thin' as const }
  const border = { top: thin, left: thin, bottom: thin, right: thin }

  ws.addRow([title])
  ws.mergeCells(1, 1, 1, headers.length)
  ws.getRow(1).font = { bold: true, size: 16 }
  ws.getRow(1).height = 28
  ws.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' }
  ws.addRow([`统计周期：${from} 至 ${to}（北京时间，按周末数据计算）    生成时间：${chinaDate(Date.parse(ranking.createdAt))}`])
  ws.mergeCells(2, 1, 2, headers.length)
  ws.getCell(2, 1).alignment = { horizontal: 'center' }

  const header = ws.addRow(headers)
  header.font = { bold: true }
  header.height = 22
  header.eachCell((c) => {
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    c.border = border
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } }
  })

  const bottom = bottomAreaIds(ranking.rows)
  for (const r of ranking.rows) {
    const row = ws.addRow([r.rank, r.name, ...INDICATORS.map((i) => (r.indicators[i]?.pct ?? 0) / 100), r.score, changeLabel(r.change)])
    row.eachCell((c, col) => {
      c.border = border
      c.alignment = { horizontal: col === 2 ? 'left' : 'center', vertical: 'middle' }
      if (col >= 3 && col < 3 + INDICATORS.length) c.numFmt = '0.0%'
      if (col === 3 + INDICATORS.length) c.numFmt = '0.0'
      if (bottom.has(r.areaId)) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: RANKING_FILL } }
    })
  }
  ws.addRow([])
  const note = ws.addRow([`注：综合得分为五项指标百分比的平均值；红色底纹为排名后${BOTTOM_N}位。`])
  ws.mergeCells(note.number, 1, note.number, headers.length)
  note.font = { size: 10, color: { argb: 'FF666666' } }

  const bytes = Buffer.from(await wb.xlsx.writeBuffer())
  await recordAudit(db.kysely, {
    at: now,
    userId: user.id,
    action: 'export.ranking',
    entity: 'area',
    entityId: area.id,
    detail: { areaId: area.id, week: from, rows: ranking.rows.length },
  })
  const range = `${from.replaceAll('-', '')}-${to.replaceAll('-', '')}`
  const safe = safeFilePart(area.name)
  return {
    bytes,
    ranking,
    fileName: { utf8: `排名通报_${safe}_${range}.xlsx`, ascii: `ranking_${area.id.replace(/[^A-Za-z0-9_-]/g, '_')}_${range}.xlsx` },
  }
}
