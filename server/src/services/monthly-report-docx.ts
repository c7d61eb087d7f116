// The monthly report as a Word document (.docx) that officials paste into their own 报送 material and edit further
// in WPS or Word: 黑体 headings, 仿宋 body (三号), 宋体 tables, photos scaled to the text width with captions.
import {
  AlignmentType,
  Document,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx'
import { changeText, figureLines, monthLabel } from '@core/monthly-report'
import { coveragePct } from '@core/coverage'
import { chinaDate } from '@core/china-time'
import type { MonthlyReportDraft, ReportFigures } from '@core/schemas/monthly-report'

export interface DocxPhoto {
  data: Buffer
  type: 'jpg' | 'png'
  width: number
  height: number
  caption: string
}

export interface MonthlyDocxInput {
  draft: MonthlyReportDraft
  /** The official's edited 工作总结; one paragraph per line. */
  summary: string
  photos: DocxPhoto[]
  /** "2026-12-02 10:05", China time. */
  generatedAt: string
}

const font = (eastAsia: string) => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia })
const BODY = font('仿宋')
const HEAD = font('黑体')
const TABLE = font('宋体')
/** Half-points: 三号 16 pt for the body, 二号 22 pt for the title, 五号 10.5 pt in tables. */
const SIZE = { title: 44, body: 32, table: 21 }
/** Pixels at 96 dpi: the text width of an A4 page with the default margins is about 6.3 in. */
const PHOTO_MAX = { width: 480, height: 360 }

const CHILD_LABEL: Record<string, string> = { county: '各镇（街道）', town: '各村（社区）', village: '各网格' }

function heading(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 240, after: 120 }, children: [new TextRun({ text, font: HEAD, size: SIZE.body })] })
}

function bodyParagraph(text: string): Paragraph {
  return new Paragraph({
    indent: { firstLineChars: 200 },
    spacing: { line: 560, lineRule: 'exact' },
    alignment: AlignmentType.JUSTIFIED,
    children: [new TextRun({ text, font: BODY, size: SIZE.body })],
  })
}

function cell(text: string, opts: IRunOptions = {}): TableCell {
  return new TableCell({
    margins: { left: 80, right: 80, top: 40, bottom: 40 },
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: TABLE, size: SIZE.table, ...opts })] })],
  })
}

function table(header: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, { bold: true })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => cell(c)) })),
    ],
  })
}

const withUnit = (n: number, unit: string) => (unit === '%' ? `${n}%` : String(n))

function figuresTable(draft: MonthlyReportDraft): Table {
  const rows = figureLines(draft.current, draft.previous).map((l) => [
    `${l.label}${l.unit === '%' ? '' : `（${l.unit}）`}`,
    withUnit(l.current, l.unit),
    withUnit(l.previous, l.unit),
    changeText(l),
  ])
  for (const m of draft.materials) {
    const now = draft.current.handouts[m.id] ?? 0
    const before = draft.previous.handouts[m.id] ?? 0
    if (now === 0 && before === 0) continue
    rows.push([`发放${m.name}（份，累计）`, String(now), String(before), changeText({ unit: '份', change: now - before })])
  }
  return table(['指标', `${monthLabel(draft.month)}`, `${monthLabel(draft.previousMonth)}`, '较上月'], rows)
}

function childRow(name: string, f: ReportFigures): string[] {
  return [
    name,
    String(f.households),
    `${coveragePct(f.visited, f.households)}%`,
    String(f.visits),
    `${coveragePct(f.pledged, f.households)}%`,
    `${coveragePct(f.installed, f.residents)}%`,
    `${coveragePct(f.realName, f.residents)}%`,
    `${coveragePct(f.warningOn, f.residents)}%`,
  ]
}

function childrenTable(draft: MonthlyReportDraft): Table {
  const header = ['名称', '户数', '入户宣传率', '当月走访（次）', '承诺书签订率', 'APP安装率', '实名注册率', '预警开启率']
  return table(header, [...draft.children.map((c) => childRow(c.name, c.current)), childRow('合计', draft.current)])
}

/** 电话抽查: the child areas whose discrepancy rate this month was above the threshold, in one line. */
function spotCheckLine(draft: MonthlyReportDraft): Paragraph[] {
  const sc = draft.spotChecks
  if (!sc || sc.rows.length === 0) return []
  const marked = sc.rows.filter((r) => r.marked)
  const names = marked.map((r) => `${r.name}（不实率 ${r.discrepancyPct}%，核查 ${r.checked} 人中 ${r.discrepancies} 人不实）`)
  return [bodyParagraph(marked.length ? `电话抽查不实率超过 ${sc.thresholdPct}% 的：${names.join('；')}。` : `电话抽查：本月各单位不实率均未超过 ${sc.thresholdPct}%。`)]
}

function photoParagraphs(photos: DocxPhoto[]): Paragraph[] {
  return photos.flatMap((p, i) => {
    const scale = Math.min(1, PHOTO_MAX.width / p.width, PHOTO_MAX.height / p.height)
    return [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 200 },
        keepNext: true,
        children: [
          new ImageRun({
            type: p.type,
            data: p.data,
            transformation: { width: Math.round(p.width * scale), height: Math.round(p.height * scale) },
            altText: { name: `图${i + 1}`, description: p.caption, title: p.caption },
          }),
        ],
      }),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 200 },
        children: [new TextRun({ text: `图${i + 1}　${p.caption}`, font: BODY, size: SIZE.table * 1.2 })],
      }),
    ]
  })
}

/** The whole report as .docx bytes. */
export async function monthlyReportDocx({ draft, summary, photos, generatedAt }: MonthlyDocxInput): Promise<Buffer> {
  // asOf is the next month's first midnight: the figures are those of the day before, the month's last.
  const through = chinaDate(Date.parse(draft.asOf) - 1)
  const children = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: draft.title, font: HEAD, size: SIZE.title })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [new TextRun({ text: `报送单位：${draft.area.name}　　数据截至：${through}　　生成时间：${generatedAt}`, font: BODY, size: SIZE.table * 1.2 })],
    }),
    heading('一、工作总结'),
    ...summary.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map(bodyParagraph),
    heading('二、主要数据'),
    figuresTable(draft),
    bodyParagraph('注：户数、走访、承诺书、APP安装等为截至月底的累计数，当月走访次数为当月收到的走访记录数；APP各项比率以16–60周岁居民为基数。'),
    ...(draft.children.length ? [heading(`三、${CHILD_LABEL[draft.area.level] ?? ''}情况（截至月底）`), childrenTable(draft), ...spotCheckLine(draft)] : []),
    ...(photos.length ? [heading(`${draft.children.length ? '四' : '三'}、活动照片`), ...photoParagraphs(photos)] : []),
  ]
  const doc = new Document({
    creator: '反诈入户通',
    title: draft.title,
    styles: { default: { document: { run: { font: BODY, size: SIZE.body } } } },
    sections: [{ children }],
  })
  return Packer.toBuffer(doc)
}
