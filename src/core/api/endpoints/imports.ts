// Setting up a county from its own spreadsheets: templates, the upload that checks a file (试导入), the report of
// every row, and the apply. Town officials import for their town, county admins for the county or one of its towns.
import {
  ImportAreaQuerySchema,
  ImportFileBodySchema,
  ImportIdParamsSchema,
  ImportJobSchema,
  ImportKindParamsSchema,
  ImportListSchema,
  ImportRowsQuerySchema,
  ImportRowsSchema,
  ImportUploadQuerySchema,
} from '../../schemas/imports'
import { FileResponseSchema } from '../binary'
import { endpoint } from '../endpoint'
import { MIME } from '../mime'
import { TOWN_AND_COUNTY } from '../roles'

export const importTemplate = endpoint({
  method: 'GET',
  path: '/imports/templates/:kind',
  tag: 'imports',
  summary: '下载导入模板（.xlsx：表头、填写说明、本区域现有的镇村网格名称）',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  params: ImportKindParamsSchema,
  query: ImportAreaQuerySchema,
  file: [MIME.xlsx],
  response: FileResponseSchema,
})

export const importUpload = endpoint({
  method: 'POST',
  path: '/imports/:kind',
  tag: 'imports',
  summary: '上传文件并试导入（.xlsx 或 .csv，UTF-8 或 GBK）：只检查、不写入，返回导入任务，轮询其进度',
  description: [
    '请求体为整个文件（Content-Type: application/octet-stream），边收边存，不整个读入内存。',
    '试导入在后台逐批进行：GET /imports/:id 看进度和结果（新增、更新、无变化、未导入各多少），',
    'GET /imports/:id/rows 看逐行结果和原因，GET /imports/:id/report.xlsx 下载标出问题行的报告；',
    '确认后 POST /imports/:id/apply 应用（用的是试导入读到的内容，无需再传文件）。',
    '身份证号一列只用于推算出生年份和性别，不保存、不出现在报告中。',
  ].join(''),
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  params: ImportKindParamsSchema,
  query: ImportUploadQuerySchema,
  body: ImportFileBodySchema,
  rawBody: true,
  status: 201,
  response: ImportJobSchema,
})

export const importList = endpoint({
  method: 'GET',
  path: '/imports',
  tag: 'imports',
  summary: '本区域最近的导入任务（最新的在前）',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  query: ImportAreaQuerySchema,
  response: ImportListSchema,
})

export const importJob = endpoint({
  method: 'GET',
  path: '/imports/:id',
  tag: 'imports',
  summary: '导入任务的状态、进度和结果统计',
  callers: TOWN_AND_COUNTY,
  scope: 'import',
  params: ImportIdParamsSchema,
  response: ImportJobSchema,
})

export const importRows = endpoint({
  method: 'GET',
  path: '/imports/:id/rows',
  tag: 'imports',
  summary: '试导入的逐行结果（默认只列未导入的行及原因）',
  callers: TOWN_AND_COUNTY,
  scope: 'import',
  params: ImportIdParamsSchema,
  query: ImportRowsQuerySchema,
  response: ImportRowsSchema,
})

export const importReportXlsx = endpoint({
  method: 'GET',
  path: '/imports/:id/report.xlsx',
  tag: 'imports',
  summary: '下载试导入报告（.xlsx：每行的结果和原因，未导入的行标红；不在新名册中的户和人员另列一页）',
  callers: TOWN_AND_COUNTY,
  scope: 'import',
  params: ImportIdParamsSchema,
  file: [MIME.xlsx],
  response: FileResponseSchema,
})

export const importApply = endpoint({
  method: 'POST',
  path: '/imports/:id/apply',
  tag: 'imports',
  summary: '应用已试导入的文件（后台逐批写入，轮询进度；记入操作日志）',
  callers: TOWN_AND_COUNTY,
  scope: 'import',
  params: ImportIdParamsSchema,
  response: ImportJobSchema,
})
