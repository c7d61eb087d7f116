// Residents' rights (PIPL): the 个人信息 requests (查阅 / 更正 / 撤回) that came in as feedback, listed and decided by
// the village head, town official or county admin of the resident's area.
import { DataRequestDecisionSchema, DataRequestListQuerySchema, DataRequestListSchema, DataRequestSchema, FeedbackParamsSchema } from '../../schemas/feedback'
import { endpoint } from '../endpoint'
import { OFFICIALS } from '../roles'

export const dataRequestList = endpoint({
  method: 'GET',
  path: '/data-requests',
  tag: 'feedback',
  summary: '本村（镇、县）居民的个人信息申请（查阅、更正、撤回）及所涉承诺书；读取个人信息，记入操作日志',
  callers: OFFICIALS,
  scope: 'area',
  query: DataRequestListQuerySchema,
  response: DataRequestListSchema,
})

export const decideDataRequest = endpoint({
  method: 'POST',
  path: '/data-requests/:id/decide',
  tag: 'feedback',
  summary: '处理个人信息申请：答复、更正签署人姓名，或撤回承诺书（不再计入，签名图片和姓名清除）；记入操作日志',
  callers: OFFICIALS,
  scope: 'record',
  params: FeedbackParamsSchema,
  body: DataRequestDecisionSchema,
  response: DataRequestSchema,
})
