// Campaign plan, targets (with overrides) and the stored weekly rankings.
import {
  AreaQuerySchema,
  CampaignInputSchema,
  CampaignResponseSchema,
  NewCampaignInputSchema,
  ProofPolicyInputSchema,
  RankingQuerySchema,
  RankingResponseSchema,
  TargetInputSchema,
  TargetKeySchema,
  TargetStatusResponseSchema,
} from '../../schemas/targets'
import { FileResponseSchema } from '../binary'
import { endpoint } from '../endpoint'
import { MIME } from '../mime'
import { ANY_ROLE, OFFICIALS, TOWN_AND_COUNTY } from '../roles'

export const currentCampaign = endpoint({
  method: 'GET',
  path: '/campaigns/current',
  tag: 'campaigns',
  summary: '当前宣传行动：阶段与本区域适用的目标（含上级下达和本级调整）',
  callers: ANY_ROLE,
  scope: 'area',
  query: AreaQuerySchema,
  response: CampaignResponseSchema,
})

export const createCampaign = endpoint({
  method: 'POST',
  path: '/campaigns',
  tag: 'campaigns',
  summary: '新建本镇或本县的宣传行动：名称、阶段与本级目标（与本区域已有行动的日期不能重叠；记入操作日志）',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  body: NewCampaignInputSchema,
  response: CampaignResponseSchema,
  status: 201,
})

export const updateCampaign = endpoint({
  method: 'PUT',
  path: '/campaigns/current',
  tag: 'campaigns',
  summary: '修改当前宣传行动的名称与阶段（仅设立该行动的镇或县；阶段按时间先后、不重叠，最多6个；记入操作日志）',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  body: CampaignInputSchema,
  response: CampaignResponseSchema,
})

export const setProofPolicy = endpoint({
  method: 'PUT',
  path: '/campaigns/current/proof',
  tag: 'campaigns',
  summary: '设定当前宣传行动要求的佐证：哪些安装步骤需截图、见面宣传是否需照片、是否记录位置（仅县级管理员；记入操作日志）',
  callers: ['county_admin'],
  scope: 'area',
  body: ProofPolicyInputSchema,
  response: CampaignResponseSchema,
})

export const setTarget = endpoint({
  method: 'PUT',
  path: '/targets',
  tag: 'campaigns',
  summary: '设定或调整某区域的目标（镇：本镇及所辖村；县：全县）',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  body: TargetInputSchema,
  response: CampaignResponseSchema,
})

export const restoreTarget = endpoint({
  method: 'DELETE',
  path: '/targets',
  tag: 'campaigns',
  summary: '恢复继承：删除某区域单独设定的一项目标，重新采用上级目标（记入操作日志）',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  query: TargetKeySchema,
  response: CampaignResponseSchema,
})

export const targetsStatus = endpoint({
  method: 'GET',
  path: '/targets/status',
  tag: 'campaigns',
  summary: '各项指标对照目标与期限：已达标 / 进度正常 / 落后，还差多少户或人',
  callers: ANY_ROLE,
  scope: 'area',
  query: AreaQuerySchema,
  response: TargetStatusResponseSchema,
})

export const ranking = endpoint({
  method: 'GET',
  path: '/rankings',
  tag: 'campaigns',
  summary: '每周排名通报（镇：各村；县：各镇），默认最近一周',
  callers: OFFICIALS,
  scope: 'area',
  query: RankingQuerySchema,
  response: RankingResponseSchema,
})

export const rankingXlsx = endpoint({
  method: 'GET',
  path: '/rankings.xlsx',
  tag: 'campaigns',
  summary: '排名通报导出为 .xlsx（A4 横向打印，后两名红色底纹；范围同 /rankings，记入操作日志）',
  callers: OFFICIALS,
  scope: 'area',
  query: RankingQuerySchema,
  file: [MIME.xlsx],
  response: FileResponseSchema,
})
