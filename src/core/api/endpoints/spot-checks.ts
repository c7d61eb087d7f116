// 电话抽查 (spot checks by phone): the 核查员 draws a week's sample, sees each resident's full number (audited), calls
// and records the outcome, which sets the review state of the records checked.
import { endpoint } from '../endpoint'
import { VERIFIERS } from '../roles'
import {
  SpotCheckDrawSchema,
  SpotCheckItemParamsSchema,
  SpotCheckItemSchema,
  SpotCheckOutcomeBodySchema,
  SpotCheckPhoneSchema,
  SpotCheckQuerySchema,
} from '../../schemas/spot-checks'

export const drawSpotCheck = endpoint({
  method: 'POST',
  path: '/spot-checks',
  tag: 'spot-checks',
  summary: '抽取一周的电话抽查样本（每村 N 人，覆盖每个网格员，另加全部待核查记录）；同一区域同一周再次请求返回已抽取的样本',
  callers: VERIFIERS,
  scope: 'area',
  body: SpotCheckQuerySchema,
  response: SpotCheckDrawSchema,
})

export const spotCheck = endpoint({
  method: 'GET',
  path: '/spot-checks',
  tag: 'spot-checks',
  summary: '一周的电话抽查样本、结果和各村、各网格员的核查率与不实率（号码只显示掩码）',
  callers: [...VERIFIERS, 'town_official', 'county_admin'],
  scope: 'area',
  query: SpotCheckQuerySchema,
  response: SpotCheckDrawSchema,
})

export const spotCheckPhone = endpoint({
  method: 'POST',
  path: '/spot-checks/items/:id/phone',
  tag: 'spot-checks',
  summary: '查看抽查对象的完整号码（仅核查员，每次查看记入操作日志）',
  callers: VERIFIERS,
  scope: 'record',
  params: SpotCheckItemParamsSchema,
  response: SpotCheckPhoneSchema,
})

export const spotCheckOutcome = endpoint({
  method: 'PUT',
  path: '/spot-checks/items/:id/outcome',
  tag: 'spot-checks',
  summary: '记录电话抽查结果：属实→相关记录已核实；居民称未安装→其安装记录不属实；未上门→相关走访记录不属实；无法接通、号码错误不改变记录（记入操作日志）',
  callers: VERIFIERS,
  scope: 'record',
  params: SpotCheckItemParamsSchema,
  body: SpotCheckOutcomeBodySchema,
  response: SpotCheckItemSchema,
})
