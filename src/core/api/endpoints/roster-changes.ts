// Roster changes from the field, listed for the officials of an area.
import { RosterChangesQuerySchema, RosterChangesResponseSchema } from '../../schemas/roster-change-list'
import { endpoint } from '../endpoint'
import { OFFICIALS } from '../roles'

export const rosterChanges = endpoint({
  method: 'GET',
  path: '/roster-changes',
  tag: 'coverage',
  summary: '网格员在某区域登记的名册变更（新增住户/成员、修改、迁出/死亡/长期在外/返乡、整户迁出/空户/拆除），新的在前',
  callers: OFFICIALS,
  scope: 'area',
  query: RosterChangesQuerySchema,
  response: RosterChangesResponseSchema,
})
