// 逐案倒查: fraud cases matched to a victim of the area and what the outreach had reached before each. Case details
// are visible to town and county roles only.
import {
  BackCheckSchema,
  CaseReachQuerySchema,
  CaseReachResponseSchema,
  FraudCaseParamsSchema,
  FraudCaseSchema,
  FraudCasesQuerySchema,
  FraudCasesResponseSchema,
  NewFraudCaseSchema,
  VictimSearchQuerySchema,
  VictimSearchResponseSchema,
} from '../../schemas/fraud-case'
import { endpoint } from '../endpoint'
import { TOWN_AND_COUNTY } from '../roles'

export const fraudVictimSearch = endpoint({
  method: 'GET',
  path: '/fraud-cases/victims',
  tag: 'fraud-cases',
  summary: '在本镇（县）查找受害人：按姓名、门牌或手机尾号找户，列出家庭成员（电话脱敏）',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  query: VictimSearchQuerySchema,
  response: VictimSearchResponseSchema,
})

export const createFraudCase = endpoint({
  method: 'POST',
  path: '/fraud-cases',
  tag: 'fraud-cases',
  summary: '新增电诈案件：案发日期、诈骗类型、损失金额（分），匹配到本区域的一户（及其成员）；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'household',
  body: NewFraudCaseSchema,
  response: FraudCaseSchema,
  status: 201,
})

export const fraudCases = endpoint({
  method: 'GET',
  path: '/fraud-cases',
  tag: 'fraud-cases',
  summary: '某镇（县）的电诈案件，案发日期新的在前，各带倒查结论（案发前是否已宣传到位）',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  query: FraudCasesQuerySchema,
  response: FraudCasesResponseSchema,
})

// A case out of the caller's area and one that does not exist are refused alike (403), as records are.
export const fraudCaseBackCheck = endpoint({
  method: 'GET',
  path: '/fraud-cases/:id',
  tag: 'fraud-cases',
  summary: '一起案件的倒查：案发日前的走访、承诺书、资料发放和受害人的三步安装（日期、网格员、是否不属实）；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'record',
  params: FraudCaseParamsSchema,
  response: BackCheckSchema,
})

export const fraudCaseReach = endpoint({
  method: 'GET',
  path: '/fraud-cases/reach',
  tag: 'fraud-cases',
  summary: '受害人案发前已宣传到位的比例，按下级区域（镇看各村，县看各镇）',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  query: CaseReachQuerySchema,
  response: CaseReachResponseSchema,
})
