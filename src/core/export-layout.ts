// Exports for the 上级平台 (#13, 最多报一次): the county names once which column header holds which field, in which
// order, with which date format, for the 花名册 and the 入户走访登记; the export endpoints then write that layout as
// a format beside their default, so nobody keys the same visits into a second system.
import { z } from 'zod'
import { text } from './schemas/text'

export const EXPORT_LAYOUT_KINDS = ['roster', 'visits'] as const
export type ExportLayoutKind = (typeof EXPORT_LAYOUT_KINDS)[number]

export const EXPORT_LAYOUT_KIND_LABEL: Record<ExportLayoutKind, string> = {
  roster: '花名册（APP推广安装注册）',
  visits: '入户走访登记',
}

/** The fields a roster row has, with the default column header of each. Phones are always masked. */
export const ROSTER_FIELDS = {
  no: '序号',
  town: '镇（街道）',
  village: '村（社区）',
  grid: '网格',
  doorplate: '门牌',
  name: '姓名',
  age: '年龄',
  phone: '手机号',
  installedOn: '已安装',
  realNameOn: '已实名注册',
  warningOnOn: '已开启预警',
  worker: '网格员',
  screenshots: '截图文件名',
  proof: '佐证',
} as const

/** The fields a visit register row has, with the default column header of each. */
export const VISIT_FIELDS = {
  no: '序号',
  town: '镇（街道）',
  village: '村（社区）',
  grid: '网格',
  doorplate: '门牌',
  headName: '户主',
  visitedOn: '走访日期',
  visitedTime: '走访时间',
  outcome: '走访结果',
  peopleMet: '宣传人数',
  residents: '见面居民',
  worker: '走访人',
  notes: '备注',
  photos: '照片张数',
} as const

export type RosterField = keyof typeof ROSTER_FIELDS
export type VisitField = keyof typeof VISIT_FIELDS

export const LAYOUT_FIELDS: Record<ExportLayoutKind, Record<string, string>> = { roster: ROSTER_FIELDS, visits: VISIT_FIELDS }

/** Fields that hold a date (YYYY-MM-DD), written in the layout's date format. */
export const DATE_FIELDS: ReadonlySet<string> = new Set(['installedOn', 'realNameOn', 'warningOnOn', 'visitedOn'])

export const DATE_FORMATS = ['YYYY-MM-DD', 'YYYY/MM/DD', 'YYYY.MM.DD', 'YYYYMMDD', 'YYYY年M月D日'] as const
export type DateFormat = (typeof DATE_FORMATS)[number]

/** Examples: ('2026-11-05', 'YYYY年M月D日') → 2026年11月5日; ('2026-11-05', 'YYYYMMDD') → 20261105; '' stays ''. */
export function formatDate(iso: string | null | undefined, format: DateFormat): string {
  if (!iso) return ''
  const [y, m, d] = iso.slice(0, 10).split('-')
  switch (format) {
    case 'YYYY-MM-DD':
      return `${y}-${m}-${d}`
    case 'YYYY/MM/DD':
      return `${y}/${m}/${d}`
    case 'YYYY.MM.DD':
      return `${y}.${m}.${d}`
    case 'YYYYMMDD':
      return `${y}${m}${d}`
    case 'YYYY年M月D日':
      return `${y}年${Number(m)}月${Number(d)}日`
  }
}

export const MAX_LAYOUT_COLUMNS = 30

export const ExportLayoutInputSchema = z
  .object({
    name: text().trim().min(1, '请填写格式名称').max(30, '格式名称不超过30字'),
    columns: z
      .array(
        z.object({
          field: text().min(1).max(32),
          header: text().trim().min(1, '请填写列名').max(30, '列名不超过30字'),
        }),
      )
      .min(1, '至少选择一列')
      .max(MAX_LAYOUT_COLUMNS, `最多${MAX_LAYOUT_COLUMNS}列`),
    dateFormat: z.enum(DATE_FORMATS),
  })
  .refine((l) => new Set(l.columns.map((c) => c.header)).size === l.columns.length, { message: '列名不能重复', path: ['columns'] })
export type ExportLayoutInput = z.infer<typeof ExportLayoutInputSchema>

export const ExportLayoutSchema = z.object({
  kind: z.enum(EXPORT_LAYOUT_KINDS),
  name: text(),
  columns: z.array(z.object({ field: text(), header: text() })),
  dateFormat: z.enum(DATE_FORMATS),
  updatedAt: text(),
})
export type ExportLayout = z.infer<typeof ExportLayoutSchema>

/** Fields a layout names that its kind does not have (the server refuses them, EXPORT_LAYOUT_FIELD_UNKNOWN). */
export function unknownLayoutFields(kind: ExportLayoutKind, columns: readonly { field: string }[]): string[] {
  return columns.map((c) => c.field).filter((f) => !(f in LAYOUT_FIELDS[kind]))
}

/** One row's cells in the layout's order, dates in its format. Example: [{field:'name',header:'户主姓名'}] → ['张三']. */
export function layoutCells(layout: Pick<ExportLayout, 'columns' | 'dateFormat'>, row: Record<string, string | number | null>): (string | number)[] {
  return layout.columns.map(({ field }) => {
    const v = row[field]
    if (v === null || v === undefined) return ''
    return DATE_FIELDS.has(field) && typeof v === 'string' ? formatDate(v, layout.dateFormat) : v
  })
}
