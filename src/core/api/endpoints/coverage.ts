// Officials' (and a worker's own grid's) figures: coverage, never-visited households, weekly trend and activity.
import { ActivityQuerySchema, ActivityResponseSchema } from '../../schemas/activity'
import { CoverageQuerySchema, CoverageResponseSchema, UnvisitedQuerySchema, UnvisitedResponseSchema } from '../../schemas/coverage'
import { TrendQuerySchema, TrendResponseSchema } from '../../schemas/trend'
import { endpoint } from '../endpoint'
import { ANY_ROLE, OFFICIALS } from '../roles'

export const coverage = endpoint({
  method: 'GET',
  path: '/coverage',
  tag: 'coverage',
  summary: '某区域及其下级区域的走访覆盖情况（默认本人区域）',
  callers: ANY_ROLE,
  scope: 'area',
  query: CoverageQuerySchema,
  response: CoverageResponseSchema,
})

export const unvisited = endpoint({
  method: 'GET',
  path: '/coverage/unvisited',
  tag: 'coverage',
  summary: '从未走访到的户（不在家不算已走访）',
  callers: ANY_ROLE,
  scope: 'area',
  query: UnvisitedQuerySchema,
  response: UnvisitedResponseSchema,
})

export const trend = endpoint({
  method: 'GET',
  path: '/trend',
  tag: 'coverage',
  summary: '某区域按周的入户宣传率、承诺书签署率、APP安装率（16–60周岁）与走访次数，末尾为本周实时',
  callers: ANY_ROLE,
  scope: 'area',
  query: TrendQuerySchema,
  response: TrendResponseSchema,
})

export const activity = endpoint({
  method: 'GET',
  path: '/activity',
  tag: 'coverage',
  summary: '本周（周一0时起，北京时间）各网格员的走访、承诺书、APP安装、资料发放条数，无记录的也列出',
  callers: OFFICIALS,
  scope: 'area',
  query: ActivityQuerySchema,
  response: ActivityResponseSchema,
})
