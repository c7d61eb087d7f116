// One household with its residents, install screenshots, pledges, hand-outs and visits: the officials' drill-down
// and the worker's own household page both read it.
import { HouseholdViewParamsSchema, HouseholdViewSchema } from '../../schemas/household-detail'
import { endpoint } from '../endpoint'
import { ANY_ROLE } from '../roles'

export const household = endpoint({
  method: 'GET',
  path: '/households/:id',
  tag: 'households',
  summary: '一户的详情：家庭成员（电话脱敏）、安装截图、承诺书、资料发放、走访记录',
  callers: ANY_ROLE,
  scope: 'household',
  params: HouseholdViewParamsSchema,
  response: HouseholdViewSchema,
})
