// Files and calls for the import tests: spreadsheets and CSV (UTF-8 or GBK) made in memory, the upload, and waiting
// for a job to finish its pass.
import ExcelJS from 'exceljs'
import { API_PREFIX } from '@core/api'
import type { ImportJob } from '@core/schemas/imports'
import { api } from './test-server'

export async function xlsxOf(sheets: Record<string, (string | number | null)[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name)
    for (const r of rows) ws.addRow(r)
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function csvText(rows: (string | number | null)[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

let gbkTable: Map<string, number[]> | null = null

/** GBK bytes of a text, from Node's own GBK decoder read backwards (tests only; the server only decodes). */
export function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map()
    const dec = new TextDecoder('gbk')
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue
        const ch = dec.decode(Uint8Array.from([a, b]))
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [a, b])
      }
    }
  }
  const out: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (code < 0x80) out.push(code)
    else {
      const bytes = gbkTable.get(ch)
      if (!bytes) throw new Error(`not in GBK: ${ch}`)
      out.push(...bytes)
    }
  }
  return Buffer.from(out)
}

export async function upload(
  base: string,
  token: string,
  kind: string,
  body: Buffer,
  opts: { areaId?: string; fileName?: string; contentType?: string } = {},
): Promise<{ status: number; body: { id: string; error?: { code: string; message: string } } }> {
  const q = new URLSearchParams()
  if (opts.areaId) q.set('areaId', opts.areaId)
  if (opts.fileName) q.set('fileName', opts.fileName)
  const res = await fetch(`${base}${API_PREFIX}/imports/${kind}${q.size ? `?${q}` : ''}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': opts.contentType ?? 'application/octet-stream' },
    body,
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

/** Polls the job until it leaves `checking` / `applying`. */
export async function settle(base: string, token: string, id: string, timeoutMs = 600_000): Promise<ImportJob> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const res = await api(base, 'GET', `${API_PREFIX}/imports/${id}`, { token })
    if (res.status !== 200) throw new Error(`job ${id}: ${res.status} ${JSON.stringify(res.body)}`)
    const job = res.body as ImportJob
    if (job.status !== 'checking' && job.status !== 'applying') return job
    if (Date.now() > end) throw new Error(`job ${id} still ${job.status}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Uploads and waits for the check. */
export async function check(base: string, token: string, kind: string, body: Buffer, opts: Parameters<typeof upload>[4] = {}): Promise<ImportJob> {
  const res = await upload(base, token, kind, body, opts)
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`)
  return settle(base, token, res.body.id)
}

/** Applies a checked job and waits for the apply. */
export async function applyJob(base: string, token: string, id: string): Promise<ImportJob> {
  const res = await api(base, 'POST', `${API_PREFIX}/imports/${id}/apply`, { token })
  if (res.status !== 200) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`)
  return settle(base, token, id)
}

export async function refusedRows(base: string, token: string, id: string) {
  const res = await api(base, 'GET', `${API_PREFIX}/imports/${id}/rows?outcome=refused&limit=500`, { token })
  return res.body.rows as { rowNo: number; source: string; message: string; cells: Record<string, string> }[]
}

export async function download(base: string, token: string, path: string): Promise<{ status: number; bytes: Buffer; type: string | null }> {
  const res = await fetch(`${base}${API_PREFIX}${path}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') }
}

/** Rows of every sheet of a workbook, as cell texts. */
export async function readXlsx(bytes: Buffer): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const out: Record<string, string[][]> = {}
  wb.eachSheet((ws) => {
    const rows: string[][] = []
    ws.eachRow({ includeEmpty: false }, (row) => {
      rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))))
    })
    out[ws.name] = rows
  })
  return out
}
