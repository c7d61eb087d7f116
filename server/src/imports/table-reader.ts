// Rows of an uploaded .xlsx or .csv, one at a time, as cells by template column (columns.ts): the header row is
// found in each sheet, blank rows are skipped, and an ID-number column becomes a birth year and gender as it is
// read — its text goes no further than this module.
import fs from 'node:fs'
import { loadExcel } from '../libs/heavy-libraries'
import { HEADER_SCAN_ROWS, isNoteSheet, mapHeader, missingColumns, type HeaderMap, type ImportKind } from '@core/imports/columns'
import type { StoredCells } from '@core/imports/rows'
import { ID_HIDDEN, looksLikeIdNumber, parseIdNumber } from '@core/imports/values'
import { AppError } from '../http/app-error'
import { readCsv } from './csv'

export type TableFormat = 'xlsx' | 'csv'

export interface TableRow {
  /** 1, 2, 3… over every data row of the file. */
  rowNo: number
  /** Where a person finds it: `第12行`, or `花名册 第12行` in a workbook. */
  source: string
  cells: StoredCells
}

export interface TableReader {
  rows(): AsyncGenerator<TableRow>
  /** Column keys of the first header read, in the file's order. */
  columns(): string[]
  /** Share of the file read so far, 0–1. */
  progress(): number
}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]

/** .xlsx by its zip signature; an old .xls or anything binary is refused; the rest is read as CSV. */
export function detectFormat(head: Uint8Array): TableFormat {
  if (XLSX_MAGIC.every((b, i) => head[i] === b)) return 'xlsx'
  if (OLE_MAGIC.every((b, i) => head[i] === b)) throw new AppError('IMPORT_FILE_TYPE')
  if (head.subarray(0, 4096).includes(0)) throw new AppError('IMPORT_FILE_TYPE')
  return 'csv'
}

export function openTable(file: string, format: TableFormat, kind: ImportKind, thisYear: number): TableReader {
  const size = Math.max(1, fs.statSync(file).size)
  const stream = fs.createReadStream(file, { highWaterMark: 256 * 1024 })
  let columns: string[] = []
  return {
    rows: () => {
      const raw = format === 'xlsx' ? xlsxRecords(stream) : csvRecords(stream)
      return tableRows(raw, kind, thisYear, (c) => (columns = columns.length ? columns : c))
    },
    columns: () => columns,
    progress: () => Math.min(1, stream.bytesRead / size),
  }
}

/** One row of a sheet before the header is known: cell values by 0-based column. */
interface RawRecord {
  sheet: string | null
  line: number
  values: unknown[]
}

async function* csvRecords(stream: fs.ReadStream): AsyncGenerator<RawRecord> {
  for await (const r of readCsv(stream)) yield { sheet: null, line: r.line, values: r.fields }
}

async function* xlsxRecords(stream: fs.ReadStream): AsyncGenerator<RawRecord> {
  // Shared strings are held (Excel writes them before the sheets); styles are not read, so dates come as numbers.
  const ExcelJS = await loadExcel()
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  })
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name ?? `Sheet${(sheet as unknown as { id: number }).id}`
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1)
        yield { sheet: name, line: row.number, values }
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError('IMPORT_FILE_UNREADABLE')
  }
}

async function* tableRows(
  records: AsyncGenerator<RawRecord>,
  kind: ImportKind,
  thisYear: number,
  onHeader: (columns: string[]) => void,
): AsyncGenerator<TableRow> {
  let rowNo = 0
  let sheet: string | null | undefined
  let header: HeaderMap | null = null
  let scanned = 0
  let anyHeader = false
  let best: HeaderMap = new Map()
  for await (const r of records) {
    if (r.sheet !== sheet) {
      sheet = r.sheet
      header = null
      scanned = 0
    }
    if (sheet !== null && isNoteSheet(sheet)) continue
    if (!header) {
      if (scanned++ >= HEADER_SCAN_ROWS) continue
      const candidate = mapHeader(kind, r.values.map((v) => cellText(v, '')))
      if (candidate.size > best.size) best = candidate
      if (candidate.size && !missingColumns(kind, candidate).length) {
        header = candidate
        anyHeader = true
        onHeader([...candidate.values()])
      }
      continue
    }
    const cells = rowCells(header, r.values, thisYear)
    if (!cells) continue
    rowNo++
    yield { rowNo, source: r.sheet === null ? `第${r.line}行` : `${r.sheet} 第${r.line}行`, cells }
  }
  if (!anyHeader) {
    const missing = missingColumns(kind, best)
    const wanted = missing.map((m) => `“${m}”`).join('、')
    throw new AppError('IMPORT_HEADER_MISSING', `没有找到表头行：前 ${HEADER_SCAN_ROWS} 行中没有一行包含${wanted}列，请使用导入模板的列名`, { missing })
  }
}

/** The row's cells by column key; null for a blank row. */
function rowCells(header: HeaderMap, values: unknown[], thisYear: number): StoredCells | null {
  const c: Record<string, string> = {}
  let id: StoredCells['id']
  let blank = true
  for (const [i, key] of header) {
    const text = cellText(values[i], key)
    if (text === '') continue
    blank = false
    if (key === 'idNumber') {
      const p = parseIdNumber(text, thisYear)
      id = p.ok ? { y: p.value.birthYear, g: p.value.gender } : { e: p.reason }
    } else {
      // An ID number typed into another column is not kept either; the row is refused for the unreadable cell.
      c[key] = looksLikeIdNumber(text) ? ID_HIDDEN : text
    }
  }
  if (blank) return null
  return id ? { c, id } : { c }
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)
const DAY_MS = 86_400_000

/** A cell's value as text; an Excel date serial in the birth column as YYYY-MM-DD. */
export function cellText(v: unknown, key: string): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v.trim()
  if (typeof v === 'number') {
    if (key === 'birth' && Number.isInteger(v) && v > 0 && v < 100_000 && (v < 1900 || v > 2100)) {
      return new Date(EXCEL_EPOCH_MS + v * DAY_MS).toISOString().slice(0, 10)
    }
    return Number.isInteger(v) ? v.toFixed(0) : String(v)
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown }
    if (o.richText) return o.richText.map((r) => r.text).join('').trim()
    if ('result' in o) return cellText(o.result, key)
    if (o.text !== undefined) return cellText(o.text, key)
  }
  return ''
}
