// Household drill-down: a list per area, the install-gap residents of an area, one household.
import {
  AreaHouseholdsParamsSchema,
  AreaHouseholdsQuerySchema,
  AreaHouseholdsResponseSchema,
  AreaResidentsQuerySchema,
  AreaResidentsResponseSchema,
} from '../../schemas/household-view'
import { endpoint } from '../endpoint'
import { ANY_ROLE } from '../roles'

export const areaHouseholds = endpoint({
  method: 'GET',
  path: '/areas/:areaId/households',
  tag: 'households',
  summary: '某网格（或村、镇）的住户清单：走访、承诺书、APP安装情况，需关注的在前；stale 为超过 days 天未再走访',
  callers: ANY_ROLE,
  scope: 'area',
  params: AreaHouseholdsParamsSchema,
  query: AreaHouseholdsQuerySchema,
  response: AreaHouseholdsResponseSchema,
})

export const areaResidents = endpoint({
  method: 'GET',
  path: '/areas/:areaId/residents',
  tag: 'households',
  summary: '某网格（或村、镇）16–60 周岁未装全 APP 的居民（姓名脱敏），逐网格分页',
  callers: ANY_ROLE,
  scope: 'area',
  params: AreaHouseholdsParamsSchema,
  query: AreaResidentsQuerySchema,
  response: AreaResidentsResponseSchema,
})

// In a file of its own, so the worker's household page (main package) does not take the area lists along.
export { household } from './household'
