// Files officials hand on: the weekly roster with its screenshots, the visit register, the monthly report, and the
// county's column layouts for the 上级平台.
import { z } from 'zod'
import { EXPORT_LAYOUT_KINDS, ExportLayoutInputSchema, ExportLayoutSchema } from '../../export-layout'
import { MonthlyReportDraftSchema, MonthlyReportExportSchema, MonthlyReportQuerySchema } from '../../schemas/monthly-report'
import { RosterQuerySchema, VisitRegisterQuerySchema } from '../../schemas/roster'
import { FileResponseSchema } from '../binary'
import { endpoint } from '../endpoint'
import { MIME } from '../mime'
import { ANY_ROLE, OFFICIALS } from '../roles'

export const rosterXlsx = endpoint({
  method: 'GET',
  path: '/exports/roster.xlsx',
  tag: 'exports',
  summary: '导出国家反诈中心APP推广安装注册花名册（.xlsx，流式；限本人范围，记入操作日志）',
  callers: ANY_ROLE,
  scope: 'area',
  query: RosterQuerySchema,
  file: [MIME.xlsx],
  response: FileResponseSchema,
})

export const rosterScreenshotsZip = endpoint({
  method: 'GET',
  path: '/exports/roster-screenshots.zip',
  tag: 'exports',
  summary: '导出花名册对应的安装截图（.zip，文件名与花名册一致；未上传的列入 缺失截图.txt）',
  callers: ANY_ROLE,
  scope: 'area',
  query: RosterQuerySchema,
  file: [MIME.zip],
  response: FileResponseSchema,
})

export const visitsXlsx = endpoint({
  method: 'GET',
  path: '/exports/visits.xlsx',
  tag: 'exports',
  summary: '导出入户走访登记（.xlsx；按走访日期的一周；默认格式或县设定的上级平台格式；限本人范围，记入操作日志）',
  callers: ANY_ROLE,
  scope: 'area',
  query: VisitRegisterQuerySchema,
  file: [MIME.xlsx],
  response: FileResponseSchema,
})

export const exportLayouts = endpoint({
  method: 'GET',
  path: '/export-layouts',
  tag: 'exports',
  summary: '本县设定的上级平台导出格式（花名册、入户走访登记：列名、顺序、日期格式），导出时可选',
  callers: ANY_ROLE,
  scope: 'area',
  response: z.object({ items: z.array(ExportLayoutSchema) }),
})

export const setExportLayout = endpoint({
  method: 'PUT',
  path: '/export-layouts/:kind',
  tag: 'exports',
  summary: '设定本县某类导出的上级平台格式（仅县级管理员，设定一次各处导出通用；记入操作日志）',
  callers: ['county_admin'],
  scope: 'area',
  params: z.object({ kind: z.enum(EXPORT_LAYOUT_KINDS) }),
  body: ExportLayoutInputSchema,
  response: ExportLayoutSchema,
})

export const monthlyReport = endpoint({
  method: 'GET',
  path: '/reports/monthly',
  tag: 'reports',
  summary: '每月报送草稿：月底数据与上月对比、下级各区域、本月活动照片、默认工作总结（村、镇、县，限本人范围）',
  callers: OFFICIALS,
  scope: 'area',
  query: MonthlyReportQuerySchema,
  response: MonthlyReportDraftSchema,
})

export const monthlyReportDocx = endpoint({
  method: 'POST',
  path: '/reports/monthly.docx',
  tag: 'reports',
  summary: '下载每月报送（.docx）：编辑后的工作总结、数据表、所选照片（最多 6 张）；记入操作日志',
  callers: OFFICIALS,
  scope: 'area',
  body: MonthlyReportExportSchema,
  file: [MIME.docx],
  response: FileResponseSchema,
})
