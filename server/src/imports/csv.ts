// Streaming CSV: the text encoding Excel used (UTF-8 with or without BOM, or GBK/GB18030 — Excel in China saves
// "CSV" as GBK), then records one at a time (RFC 4180 quoting, CRLF/LF/CR, quoted line breaks), never the whole
// file in memory.
import type { Readable } from 'node:stream'

export type CsvEncoding = 'utf-8' | 'gb18030'

const BOM = [0xef, 0xbb, 0xbf]
/** Enough of the file to tell UTF-8 from GBK: Chinese text in GBK is almost never valid UTF-8. */
const SNIFF_BYTES = 64 * 1024

/** UTF-8 if the first bytes carry a BOM or decode as UTF-8 without error; else GB18030 (a superset of GBK). */
export function sniffEncoding(head: Uint8Array): CsvEncoding {
  if (BOM.every((b, i) => head[i] === b)) return 'utf-8'
  try {
    // stream: a character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, SNIFF_BYTES), { stream: true })
    return 'utf-8'
  } catch {
    return 'gb18030'
  }
}

export interface CsvRecord {
  /** Line of the file where the record starts (1-based). */
  line: number
  fields: string[]
}

/** Decoded text of a byte stream, its encoding chosen from the first bytes; a leading BOM is dropped. */
async function* decode(input: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let head: Buffer[] = []
  let headBytes = 0
  let decoder: InstanceType<typeof TextDecoder> | null = null
  for await (const chunk of input) {
    if (!decoder) {
      head.push(chunk)
      headBytes += chunk.length
      if (headBytes < SNIFF_BYTES) continue
      const all = Buffer.concat(head)
      head = []
      decoder = new TextDecoder(sniffEncoding(all))
      yield decoder.decode(all, { stream: true })
    } else {
      yield decoder.decode(chunk, { stream: true })
    }
  }
  if (!decoder) {
    const all = Buffer.concat(head)
    decoder = new TextDecoder(sniffEncoding(all))
    yield decoder.decode(all, { stream: true })
  }
  yield decoder.decode()
}

/** The separator of the first line: a comma unless tabs or semicolons are clearly what splits it. */
function guessSeparator(firstLine: string): string {
  const count = (c: string) => firstLine.split(c).length - 1
  const [comma, tab, semi] = [count(','), count('\t'), count(';')]
  if (tab > comma && tab >= semi) return '\t'
  if (semi > comma) return ';'
  return ','
}

/** Records of a CSV byte stream. */
export async function* readCsv(input: Readable): AsyncGenerator<CsvRecord> {
  let sep: string | null = null
  let fields: string[] = []
  let field = ''
  let quoted = false
  /** Just closed a quoted part: a second quote is an escaped quote. */
  let afterQuote = false
  let line = 1
  let recordLine = 1
  let pendingCr = false
  let started = false
  for await (const text of decode(input)) {
    let i = 0
    if (!started && text.length) {
      started = true
      if (text.charCodeAt(0) === 0xfeff) i = 1
    }
    if (sep === null && text.length) {
      const eol = text.search(/[\r\n]/)
      sep = guessSeparator(text.slice(i, eol < 0 ? undefined : eol))
    }
    for (; i < text.length; i++) {
      const ch = text[i]
      if (pendingCr) {
        pendingCr = false
        if (ch === '\n') continue
      }
      if (quoted) {
        if (ch === '"') {
          quoted = false
          afterQuote = true
        } else {
          if (ch === '\n' || ch === '\r') line++
          if (ch === '\r') pendingCr = true
          field += ch
        }
        continue
      }
      if (ch === '"') {
        if (afterQuote) field += '"'
        quoted = true
        afterQuote = false
        continue
      }
      afterQuote = false
      if (ch === sep) {
        fields.push(field)
        field = ''
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') pendingCr = true
        fields.push(field)
        yield { line: recordLine, fields }
        fields = []
        field = ''
        line++
        recordLine = line
      } else {
        field += ch
      }
    }
  }
  if (field !== '' || fields.length) {
    fields.push(field)
    yield { line: recordLine, fields }
  }
}
