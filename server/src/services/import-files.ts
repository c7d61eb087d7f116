// The spreadsheets of an import: the template a county fills in (exceljs: small), and the report of a checked import
// — every row with its outcome and reason (refused rows in red), which can itself be fixed and uploaded again —
// streamed through imports/xlsx-writer.ts at any length.
import type { Writable } from 'node:stream'
import type ExcelJS from 'exceljs'
import { loadExcel } from '../libs/heavy-libraries'
import type { Kysely } from 'kysely'
import { LEVEL_LABEL } from '@core/imports/area-index'
import { IMPORT_COLUMNS, IMPORT_KIND_LABEL, NOTE_SHEETS, reportColumns, templateColumns, type ImportKind } from '@core/imports/columns'
import type { StoredCells } from '@core/imports/rows'
import { ROW_OUTCOME_LABEL, type ImportCounts } from '@core/schemas/imports'
import type { Database } from '../db/schema'
import type { Area } from './areas'
import { absentAfter, rowsAfter, type ImportJobRow } from '../queries/imports'
import { writeXlsx, type XlsxRow, type XlsxSheet } from '../imports/xlsx-writer'

/** The data sheet's name per kind (a report keeps it, so a fixed report reads like the template). */
export const DATA_SHEET: Record<ImportKind, string> = { areas: '区域', staff: '工作人员', register: '户籍花名册' }

/** Excel's limit is 1,048,576 rows a sheet; a longer report goes on in another sheet. */
const ROWS_PER_SHEET = 1_000_000
const PAGE = 1000

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EAED' } }

const GENERAL_NOTES: Record<ImportKind, string[]> = {
  areas: [
    '每行写一条从镇（街道）到网格的路径；只到村（社区）或只到镇也可以。已有的区域不会改动，新的会建立。',
    '为某个镇导入时，镇（街道）列可以不填。改名、删除区域请在系统中逐个操作。',
  ],
  staff: [
    '每行一人；手机号用于认人：已登记的手机号会更新姓名、角色和所属区域（调动），新手机号会建立账号。',
    '导入不发放绑定码或登录码，请在人员管理中为每人发放。导入不会停用任何人。',
  ],
  register: [
    '每行一位家庭成员；同一网格内门牌号相同（不计空格和全角字符）的行为同一户，户主须一致。',
    '再次导入时按“网格 + 门牌号 + 姓名”对应已有的户和成员，只更新填写了且不同的内容；空格子不会清除已有内容。',
    '文件中出现的网格里，新名册没有列出的户和成员：有走访等记录的不删除，标为“不在名册”待核实；没有任何记录的移除。文件中没有出现的网格不受影响。',
    '身份证号只用于推算出生年份和性别，系统不保存、不显示。',
  ],
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true }
  row.eachCell((c) => {
    c.fill = HEADER_FILL
  })
}

/** The template: the columns to fill, notes per column with the other names accepted, and the areas that exist. */
export async function writeImportTemplate(db: Kysely<Database>, kind: ImportKind, area: Area): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook()
  const columns = templateColumns(kind)
  const data = wb.addWorksheet(DATA_SHEET[kind], { views: [{ state: 'frozen', ySplit: 1 }] })
  data.columns = columns.map((c) => ({ header: c.label, key: c.key, width: Math.max(12, c.label.length * 2 + 4), style: { numFmt: '@' } }))
  styleHeader(data.getRow(1))

  const notes = wb.addWorksheet(NOTE_SHEETS.notes)
  notes.columns = [
    { header: '列名', width: 14 },
    { header: '也可用的列名', width: 40 },
    { header: '填写说明', width: 60 },
    { header: '示例', width: 22 },
  ]
  styleHeader(notes.getRow(1))
  for (const c of IMPORT_COLUMNS[kind]) notes.addRow([c.label, c.aliases.join('、'), c.note, c.example])
  notes.addRow([])
  for (const line of [...GENERAL_NOTES[kind], '支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）；表头可在前 20 行内，表头上方的标题行会被跳过。']) {
    notes.addRow([line]).getCell(1).alignment = { wrapText: false }
  }

  const list = wb.addWorksheet(NOTE_SHEETS.areas)
  list.columns = [
    { header: `现有${LEVEL_LABEL.town}`, width: 18 },
    { header: `现有${LEVEL_LABEL.village}`, width: 18 },
    { header: `现有${LEVEL_LABEL.grid}`, width: 18 },
  ]
  styleHeader(list.getRow(1))
  for (const row of await areaPaths(db, area)) list.addRow(row)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** Every grid (and every town or village without one) under the area, as town / village / grid names. */
async function areaPaths(db: Kysely<Database>, area: Area): Promise<string[][]> {
  const column = ({ county: 'county_id', town: 'town_id', village: 'village_id' } as const)[area.level as 'county']
  const rows = area.level === 'grid' ? [area] : await db.selectFrom('areas').selectAll().where(column, '=', area.id).orderBy('sort').orderBy('id').execute()
  const byId = new Map(rows.map((r) => [r.id, r]))
  const name = (id: string | null) => (id ? (byId.get(id)?.name ?? '') : '')
  const parents = new Set(rows.map((r) => r.parent_id))
  const leaves = rows.filter((r) => r.level !== 'county' && !parents.has(r.id))
  const path = (r: (typeof rows)[number]) => [name(r.town_id), r.level === 'town' ? '' : name(r.village_id), r.level === 'grid' ? r.name : '']
  return leaves.map(path).sort((a, b) => a.join('/').localeCompare(b.join('/'), 'zh-Hans-CN'))
}

/** Streams the report: one row per data row, in file order, then what the register no longer lists, then totals. */
export async function writeImportReport(db: Kysely<Database>, job: ImportJobRow, areaName: string, out: Writable): Promise<void> {
  const read = new Set(JSON.parse(job.columns) as string[])
  const columns = reportColumns(job.kind).filter((c) => read.has(c.key) || ((c.key === 'birth' || c.key === 'gender') && read.has('idNumber')))
  const header = ['序号', '位置', ...columns.map((c) => c.label), '结果', '说明']
  const outcomeAt = header.length - 2
  const widths = header.map((_, i) => (i === header.length - 1 ? 60 : i === 1 ? 18 : 14))

  /** Data rows numbered (from, to], in file order, a page at a time. */
  async function* dataRows(from: number, to: number): AsyncGenerator<XlsxRow> {
    yield { cells: header, style: 'header' }
    for (let after = from; after < to; ) {
      const page = await rowsAfter(db, job.id, after, Math.min(PAGE, to - after))
      if (!page.length) return
      after = page[page.length - 1].row_no
      for (const r of page) {
        const stored = JSON.parse(r.cells) as StoredCells
        // What the ID number gave (never the number itself), where the file had no such column of its own.
        const derived: Record<string, string> = {}
        if (stored.id && 'y' in stored.id) {
          derived.birth = String(stored.id.y)
          derived.gender = stored.id.g === 'M' ? '男' : '女'
        }
        const cells = [r.row_no, r.source, ...columns.map((c) => stored.c[c.key] ?? derived[c.key] ?? ''), ROW_OUTCOME_LABEL[r.outcome], r.message]
        if (r.outcome === 'refused') yield { cells, style: 'refused', cellStyles: { [outcomeAt]: 'refusedMark' } }
        else if (r.outcome === 'updated') yield { cells, style: 'updated' }
        else yield { cells }
      }
    }
  }

  const total = job.total_rows ?? 0
  const sheets: XlsxSheet[] = []
  for (let k = 0; k === 0 || k * ROWS_PER_SHEET < total; k++) {
    sheets.push({
      name: k === 0 ? DATA_SHEET[job.kind] : `${DATA_SHEET[job.kind]}（${k + 1}）`,
      widths,
      freezeHeader: true,
      rows: () => dataRows(k * ROWS_PER_SHEET, Math.min(total, (k + 1) * ROWS_PER_SHEET)),
    })
  }

  if (job.kind === 'register') {
    const ACTION = {
      off_register: '有走访等记录，保留并标为“不在名册”，待核实',
      already_off: '此前已标为“不在名册”，待核实',
      removed: '没有任何记录，移除',
    } as const
    sheets.push({
      name: NOTE_SHEETS.absent,
      widths: [8, 60, 40],
      freezeHeader: true,
      rows: async function* () {
        yield { cells: ['类别', '位置及户主或姓名', '处理方式'], style: 'header' }
        for (let after: { entity: 'household' | 'resident'; id: string } | null = null; ; ) {
          const page = await absentAfter(db, job.id, after, PAGE)
          if (!page.length) return
          const last = page[page.length - 1]
          after = { entity: last.entity, id: last.entity_id }
          for (const a of page) yield { cells: [a.entity === 'household' ? '户' : '人员', a.label, ACTION[a.action]] }
        }
      },
    })
  }

  const counts = JSON.parse(job.apply_counts ?? job.check_counts ?? 'null') as ImportCounts | null
  const ENTITY: Record<string, string> = { areas: '区域', users: '人员账号', households: '户', residents: '居民' }
  sheets.push({
    name: NOTE_SHEETS.totals,
    widths: [16, 12, 12, 12, 14, 12],
    rows: async function* () {
      yield { cells: [`${IMPORT_KIND_LABEL[job.kind]}导入报告`], style: 'bold' }
      yield { cells: [`区域：${areaName}　文件：${job.file_name}　${job.apply_counts ? '已应用' : '试导入（尚未应用）'}`] }
      if (!counts) return
      yield { cells: [] }
      yield { cells: ['行数', '新增', '更新', '无变化', '未导入'], style: 'header' }
      const r = counts.rows
      yield { cells: [r.total, r.created, r.updated, r.unchanged, r.refused] }
      yield { cells: [] }
      yield { cells: ['', '新增', '更新', '无变化', '标为不在名册', '移除'], style: 'header' }
      for (const [k, e] of Object.entries(counts.entities)) yield { cells: [ENTITY[k] ?? k, e.created, e.updated, e.unchanged, e.offRegister, e.removed] }
    },
  })
  await writeXlsx(out, sheets)
}
