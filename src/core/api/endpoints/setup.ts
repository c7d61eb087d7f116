// First start of a real deployment: the county and its first administrator, made once with the printed setup code.
import { SetupRequestSchema, SetupResponseSchema, SetupStatusSchema } from '../../schemas/setup'
import { endpoint } from '../endpoint'

export const setupStatus = endpoint({
  method: 'GET',
  path: '/setup',
  tag: 'setup',
  summary: '是否尚待首次设置（数据库中还没有县）',
  callers: 'public',
  scope: 'setup',
  response: SetupStatusSchema,
})

export const setup = endpoint({
  method: 'POST',
  path: '/setup',
  tag: 'setup',
  summary: '首次设置：凭服务器首次启动时显示的一次性设置码（24 小时内有效）建立县和第一个县级管理员，返回登录会话与管理员的登录码；完成后关闭（410 SETUP_CLOSED）',
  callers: 'public',
  scope: 'setup',
  body: SetupRequestSchema,
  response: SetupResponseSchema,
  status: 201,
})
