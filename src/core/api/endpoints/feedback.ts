// 投诉建议: every signed-in role sends feedback and reads the answers to their own; a resident does the same from the
// signing page, with the signing link as the credential; town officials and the county admin answer.
import {
  FeedbackAnswerSchema,
  FeedbackItemSchema,
  FeedbackListQuerySchema,
  FeedbackListSchema,
  FeedbackParamsSchema,
  NewFeedbackSchema,
  NewPublicFeedbackSchema,
} from '../../schemas/feedback'
import { SignTokenParamsSchema } from '../../schemas/pledge-api'
import { endpoint } from '../endpoint'
import { EVERY_ROLE, TOWN_AND_COUNTY } from '../roles'

export const sendFeedback = endpoint({
  method: 'POST',
  path: '/feedback',
  tag: 'feedback',
  summary: '提交投诉建议（编号由手机生成，重复提交不重复保存）；记入操作日志',
  callers: EVERY_ROLE,
  scope: 'self',
  body: NewFeedbackSchema,
  response: FeedbackItemSchema,
  status: 201,
})

export const myFeedback = endpoint({
  method: 'GET',
  path: '/feedback/mine',
  tag: 'feedback',
  summary: '本人提交的投诉建议及答复（最新在前）',
  callers: EVERY_ROLE,
  scope: 'self',
  response: FeedbackListSchema,
})

export const feedbackList = endpoint({
  method: 'GET',
  path: '/feedback',
  tag: 'feedback',
  summary: '本镇（县）收到的投诉建议，可按状态筛选；联系电话仅县级管理员可见全号',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  query: FeedbackListQuerySchema,
  response: FeedbackListSchema,
})

export const answerFeedback = endpoint({
  method: 'POST',
  path: '/feedback/:id/answer',
  tag: 'feedback',
  summary: '答复投诉建议或改变其状态（待处理 / 处理中 / 已答复）；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'record',
  params: FeedbackParamsSchema,
  body: FeedbackAnswerSchema,
  response: FeedbackItemSchema,
})

export const publicSendFeedback = endpoint({
  method: 'POST',
  path: '/public/feedback/:token',
  tag: 'public',
  summary: '居民从签署页提交投诉建议（签署链接即凭证，可留联系电话）；按链接和来源地址限制频率',
  callers: 'public',
  scope: 'link',
  params: SignTokenParamsSchema,
  body: NewPublicFeedbackSchema,
  response: FeedbackItemSchema,
  status: 201,
})

export const publicFeedbackList = endpoint({
  method: 'GET',
  path: '/public/feedback/:token',
  tag: 'public',
  summary: '居民查看经同一签署链接提交的投诉建议及答复',
  callers: 'public',
  scope: 'link',
  params: SignTokenParamsSchema,
  response: FeedbackListSchema,
})
