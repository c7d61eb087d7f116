// Reads a .docx back as a reader would: unzips it (yauzl) and takes the text of word/document.xml paragraph by
// paragraph, plus the names of the embedded pictures under word/media/.
import { unzip } from './unzip'

export interface DocxContent {
  /** Each <w:p>'s text, its runs joined; table cells are paragraphs too. */
  paragraphs: string[]
  /** word/media/… entry names. */
  media: string[]
  /** The raw document.xml, for checks on formatting such as fonts. */
  xml: string
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e])

export async function docxContent(bytes: Buffer): Promise<DocxContent> {
  const files = await unzip(bytes)
  const xml = files.get('word/document.xml')?.toString('utf8')
  if (!xml) throw new Error('no word/document.xml: not a .docx')
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1])).join(''),
  )
  return { paragraphs, media: [...files.keys()].filter((n) => n.startsWith('word/media/')), xml }
}
