// The monthly activity report (每月报送): the draft an official reviews and the request that downloads it as .docx.
import { z } from 'zod'
import { multilineText, text } from './text'
import { SpotCheckMarkSchema } from './spot-checks'
import { REPORT_PHOTO_LIMIT, REPORT_SUMMARY_MAX } from '../monthly-report'
import { Sha256Schema } from './media'

const Count = z.number().int().nonnegative()

/** Figures of an area as they stood at a moment (cumulative), plus the visits recorded in the month before it. */
export const ReportFiguresSchema = z.object({
  households: Count,
  visited: Count,
  pledged: Count,
  /** Residents aged 16–60, the base of the three install rates. */
  residents: Count,
  installed: Count,
  realName: Count,
  warningOn: Count,
  /** Visit records received in the month (every knock, 不在家 included). */
  visits: Count,
  /** Material id → pieces handed out so far. */
  handouts: z.record(text(), Count),
})
export type ReportFigures = z.infer<typeof ReportFiguresSchema>

export const MonthlyReportQuerySchema = z.object({
  areaId: text().min(1).max(64).optional(),
  /** YYYY-MM, China time; default last month. Checked by the service so a bad one gets REPORT_MONTH_INVALID. */
  month: text().max(16).optional().describe('月份（YYYY-MM，北京时间）；默认上个月'),
})

export const ReportPhotoSchema = z.object({
  sha256: Sha256Schema,
  doorplate: text(),
  gridName: text(),
  /** YYYY-MM-DD (China time) the visit or hand-out happened. */
  date: text(),
  kind: z.enum(['visit', 'handout']),
})
export type ReportPhoto = z.infer<typeof ReportPhotoSchema>

export const ReportChildSchema = z.object({
  areaId: text(),
  name: text(),
  current: ReportFiguresSchema,
  previous: ReportFiguresSchema,
})
export type ReportChild = z.infer<typeof ReportChildSchema>

export const MonthlyReportDraftSchema = z.object({
  area: z.object({ id: text(), name: text(), level: z.enum(['county', 'town', 'village', 'grid']) }),
  month: text(),
  previousMonth: text(),
  title: text(),
  /** When the figures were taken: the month's end, or now while the month is still running. */
  asOf: z.iso.datetime({ offset: true }),
  current: ReportFiguresSchema,
  previous: ReportFiguresSchema,
  children: z.array(ReportChildSchema),
  materials: z.array(z.object({ id: text(), name: text() })),
  /** Activity photos of the month in the area, newest first. */
  photos: z.array(ReportPhotoSchema),
  summary: multilineText(),
  /** 电话抽查 of the weeks starting in the month, per child area reached, and the threshold that marks one. */
  spotChecks: z.object({ thresholdPct: z.number(), rows: z.array(SpotCheckMarkSchema.extend({ areaId: text(), name: text() })) }).optional(),
})
export type MonthlyReportDraft = z.infer<typeof MonthlyReportDraftSchema>

export const MonthlyReportExportSchema = z.object({
  areaId: text().min(1).max(64).optional(),
  month: text().max(16),
  summary: multilineText().trim().min(1, '请填写工作总结').max(REPORT_SUMMARY_MAX, `工作总结不能超过 ${REPORT_SUMMARY_MAX} 字`),
  photoIds: z
    .array(Sha256Schema)
    .max(REPORT_PHOTO_LIMIT, `最多选择 ${REPORT_PHOTO_LIMIT} 张照片`)
    .default([])
    .refine((ids) => new Set(ids).size === ids.length, '照片不能重复选择'),
})
export type MonthlyReportExport = z.infer<typeof MonthlyReportExportSchema>
