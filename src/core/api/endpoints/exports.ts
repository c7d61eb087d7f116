// Files officials hand on: the weekly roster with its screenshots, and the monthly report.
import { MonthlyReportDraftSchema, MonthlyReportExportSchema, MonthlyReportQuerySchema } from '../../schemas/monthly-report'
import { RosterQuerySchema } from '../../schemas/roster'
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
