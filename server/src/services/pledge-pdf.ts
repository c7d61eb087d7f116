// Lays out the village's copy of a signed pledge as an A4 PDF, with a CJK font embedded (only the glyphs used).
import fs from 'node:fs'
import path from 'node:path'
import { loadPdfKit } from '../libs/heavy-libraries'
import { formatChinaTime } from '@core/china-time'
import type { PledgeDetail } from '@core/schemas/pledge-api'

// Noto Sans SC (GB2312 coverage and more), shipped inside the npm package: nothing is fetched at run time.
const FONT_FILE = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf')
let fontBytes: Buffer | null = null

function font(): Buffer {
  fontBytes ??= fs.readFileSync(FONT_FILE)
  return fontBytes
}

const CHANNEL_LABEL: Record<PledgeDetail['channel'], string> = {
  worker_device: '网格员手机现场签署',
  resident_link: '居民本人手机扫码签署',
}

export interface PledgePdfInput {
  pledge: PledgeDetail
  /** The signature image (PNG or JPEG), or null while it is 待上传. */
  signature: Buffer | null
  exportedBy: string
  exportedAt: number
}

const MARGIN = 64
const INK = '#111111'
const MUTED = '#666666'

export async function renderPledgePdf(input: PledgePdfInput): Promise<Buffer> {
  const { pledge } = input
  const PDFDocument = await loadPdfKit()
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: MARGIN, right: MARGIN },
    info: { Title: pledge.title, Subject: `村(居)留存联 ${pledge.verificationCode}`, Creator: '反诈入户通' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('cjk', font())
  doc.font('cjk')
  const width = doc.page.width - 2 * MARGIN

  // The copy label, boxed in the top right corner.
  const label = '村(居)留存联'
  doc.fontSize(10)
  const labelWidth = doc.widthOfString(label) + 16
  const labelX = doc.page.width - MARGIN - labelWidth
  doc.rect(labelX, 40, labelWidth, 20).lineWidth(0.8).stroke(INK)
  doc.fillColor(INK).text(label, labelX, 45, { width: labelWidth, align: 'center', lineBreak: false })
  doc.fillColor(MUTED).text(`${pledge.townName} ${pledge.villageName}`, MARGIN, 45, { width: width - labelWidth - 8, lineBreak: false })

  doc.fillColor(INK).fontSize(20).text(pledge.title, MARGIN, 84, { width, align: 'center' })
  doc.moveDown(1)
  doc.fontSize(12)
  for (const para of pledge.content.split('\n')) {
    doc.text(para, { width, lineGap: 5, paragraphGap: 6, align: 'justify' })
  }

  doc.moveDown(1.5)
  const field = (name: string, value: string) => doc.fillColor(MUTED).text(`${name}：`, { continued: true }).fillColor(INK).text(value)
  doc.fontSize(12)
  doc.fillColor(MUTED).text('承诺人签名：')
  if (input.signature) {
    const y = doc.y + 4
    try {
      doc.image(input.signature, MARGIN + 12, y, { fit: [200, 80] })
      doc.y = y + 88
    } catch {
      doc.fillColor(INK).text('签名图片无法打印，请在系统中查看原图')
    }
  } else {
    doc.fillColor(INK).text('签名图片待上传')
  }
  doc.x = MARGIN
  doc.moveDown(0.5)
  field('户/门牌', pledge.doorplate)
  field('签署人', pledge.signerName)
  field('签署时间', `${chinaDateTime(Date.parse(pledge.signedAt))}（北京时间）`)
  field('签署方式', CHANNEL_LABEL[pledge.channel])
  field('核验码', pledge.verificationCode)
  field('承诺书版本', `${pledge.templateVersion === null ? pledge.templateId : `第 ${pledge.templateVersion} 版`}（内容指纹 ${pledge.templateHash.slice(0, 16)}）`)
  if (pledge.duplicate) {
    doc.moveDown(0.3).fillColor(MUTED).fontSize(10).text('注：该签署人在本次活动中已签署过承诺书，本份留存备查，不重复计数。')
  }

  // The footer sits in the bottom margin; with the margin lifted for it, pdfkit does not start a new page.
  const bottom = doc.page.margins.bottom
  doc.page.margins.bottom = 0
  doc.fontSize(9).fillColor(MUTED)
  doc.text('本承诺书一式两份，居民户和村(居)各留存一份；本联为村(居)留存联，留存备查。', MARGIN, doc.page.height - bottom - 6, { width, align: 'center' })
  doc.text(`${input.exportedBy} 于 ${chinaDateTime(input.exportedAt)} 导出`, { width, align: 'center' })
  doc.page.margins.bottom = bottom
  doc.end()
  return done
}

/** "2026年11月23日 14:05" in China time. */
function chinaDateTime(ms: number): string {
  const [date, time] = formatChinaTime(ms).split(' ')
  const [y, m, d] = date.split('-').map(Number)
  return `${y}年${m}月${d}日 ${time}`
}
