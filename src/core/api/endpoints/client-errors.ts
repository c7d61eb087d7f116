// Crash reports from the app (weapp wx.onError / unhandled rejections, H5 window errors): scrubbed of personal
// data, stored for the operators, a limited number per account and hour.
import { ClientErrorAnswerSchema, ClientErrorReportSchema } from '../../schemas/client-error'
import { endpoint } from '../endpoint'
import { EVERY_ROLE } from '../roles'

export const reportClientError = endpoint({
  method: 'POST',
  path: '/client-errors',
  tag: 'client-errors',
  summary: '上报小程序/网页的运行错误（只含错误信息和调用栈，去除数字串与链接参数；每个账号每小时限量，超出的不保存）',
  callers: EVERY_ROLE,
  scope: 'self',
  body: ClientErrorReportSchema,
  response: ClientErrorAnswerSchema,
})
