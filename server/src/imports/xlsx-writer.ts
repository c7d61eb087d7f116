// A streaming .xlsx writer for reports of any length: each sheet's rows come from an async iterable that is read
// only as fast as the download takes the bytes (archiver pulls, zlib deflates, the response drains), so memory does
// not grow with the rows. exceljs's streaming writer keeps ~600 bytes a row until it ends (measured: 263 MB of
// Buffers for 349,000 rows), hence this. Inline strings, one frozen header row, a fixed table of styles.
import type { Writable } from 'node:stream'
import { Readable } from 'node:stream'
import { loadArchiver } from '../libs/heavy-libraries'
import { DOWNLOAD_CLOSED } from '../http/drained'

/** The styles a cell can have: the header, a refused row (red) and its outcome cell (bold dark red), an updated row (yellow), bold. */
export type XlsxStyle = 'header' | 'refused' | 'refusedMark' | 'updated' | 'bold'

const STYLE_INDEX: Record<XlsxStyle, number> = { header: 1, refused: 2, refusedMark: 3, updated: 4, bold: 5 }

export type XlsxCell = string | number | null | undefined

export interface XlsxRow {
  cells: XlsxCell[]
  style?: XlsxStyle
  /** Styles of single cells (by 0-based column), over the row's. */
  cellStyles?: Record<number, XlsxStyle>
}

export interface XlsxSheet {
  name: string
  /** Column widths in characters. */
  widths: number[]
  /** Keep the first row in view while scrolling. */
  freezeHeader?: boolean
  rows: () => AsyncIterable<XlsxRow>
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="3"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><color rgb="FF9C0006"/><name val="等线"/></font></fonts>
<fills count="5"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE8EAED"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/></patternFill></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/><xf numFmtId="0" fontId="0" fillId="3" borderId="0" xfId="0" applyFill="1"/><xf numFmtId="0" fontId="2" fillId="3" borderId="0" xfId="0" applyFont="1" applyFill="1"/><xf numFmtId="0" fontId="0" fillId="4" borderId="0" xfId="0" applyFill="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`

// Characters XML 1.0 does not allow, which a spreadsheet cell may still hold.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g

function esc(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function columnName(i: number): string {
  let n = i + 1
  let out = ''
  while (n > 0) {
    const r = (n - 1) % 26
    out = String.fromCharCode(65 + r) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}

function rowXml(r: number, row: XlsxRow): string {
  let xml = `<row r="${r}">`
  row.cells.forEach((v, i) => {
    if (v === null || v === undefined || v === '') return
    const style = row.cellStyles?.[i] ?? row.style
    const s = style ? ` s="${STYLE_INDEX[style]}"` : ''
    const ref = `${columnName(i)}${r}`
    xml += typeof v === 'number' ? `<c r="${ref}"${s}><v>${v}</v></c>` : `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`
  })
  return `${xml}</row>`
}

async function* sheetXml(sheet: XlsxSheet): AsyncGenerator<string> {
  const pane = sheet.freezeHeader ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' : ''
  const cols = sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
  yield `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`
  let r = 0
  let chunk = ''
  for await (const row of sheet.rows()) {
    chunk += rowXml(++r, row)
    if (chunk.length > 64 * 1024) {
      yield chunk
      chunk = ''
    }
  }
  yield `${chunk}</sheetData></worksheet>`
}

/** Writes the workbook to `out`; resolves when the last byte has been handed to it. */
export async function writeXlsx(out: Writable, sheets: XlsxSheet[]): Promise<void> {
  const zip = (await loadArchiver())('zip', { zlib: { level: 6 } })
  let ended = false
  const done = new Promise<void>((resolve, reject) => {
    zip.on('error', reject)
    out.on('error', reject)
    zip.on('end', () => {
      ended = true
      resolve()
    })
    // A download given up half-way: stop reading rows.
    out.on('close', () => {
      if (ended) return
      zip.abort()
      reject(new Error(DOWNLOAD_CLOSED))
    })
  })
  zip.pipe(out)
  const sheetParts = sheets.map((_, i) => `xl/worksheets/sheet${i + 1}.xml`)
  zip.append(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheetParts
      .map((p) => `<Override PartName="/${p}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
      .join('')}</Types>`,
    { name: '[Content_Types].xml' },
  )
  zip.append(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    { name: '_rels/.rels' },
  )
  zip.append(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
      .map((s, i) => `<sheet name="${esc(s.name.slice(0, 31))}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
    { name: 'xl/workbook.xml' },
  )
  zip.append(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetParts
      .map((p, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${p.slice(3)}"/>`)
      .join('')}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    { name: 'xl/_rels/workbook.xml.rels' },
  )
  zip.append(STYLES, { name: 'xl/styles.xml' })
  // Each sheet is read only when archiver gets to it, and only as fast as it writes.
  sheets.forEach((s, i) => zip.append(Readable.from(sheetXml(s)), { name: sheetParts[i] }))
  // finalize() settles only once every byte is out; `done` also hears of an abandoned download.
  zip.finalize().catch(() => undefined)
  await done
}
