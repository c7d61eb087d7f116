// 不在名册: what a register import no longer lists but kept for its records, for the area's officials to decide.
import {
  OffRegisterDecisionResponseSchema,
  OffRegisterDecisionSchema,
  OffRegisterParamsSchema,
  OffRegisterQuerySchema,
  OffRegisterResponseSchema,
} from '../../schemas/off-register'
import { endpoint } from '../endpoint'
import { OFFICIALS } from '../roles'

export const offRegisterList = endpoint({
  method: 'GET',
  path: '/off-register',
  tag: 'coverage',
  summary: '某区域内导入的新名册已不再列出、但有走访等记录而保留的住户和居民（不在名册，待核实），先户后人；手机号脱敏',
  callers: OFFICIALS,
  scope: 'area',
  query: OffRegisterQuerySchema,
  response: OffRegisterResponseSchema,
})

export const decideOffRegister = endpoint({
  method: 'POST',
  path: '/off-register/:entity/:id',
  tag: 'coverage',
  summary: '核实一条“不在名册”：移出名册（自此不再计入，记录保留，同网格员登记迁出）或保留（清除标记）；记入操作日志',
  description: '范围按该户（居民按其所在户）所属区域检查。',
  callers: OFFICIALS,
  scope: 'household',
  params: OffRegisterParamsSchema,
  body: OffRegisterDecisionSchema,
  response: OffRegisterDecisionResponseSchema,
})
