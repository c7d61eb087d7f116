// The area tree, edited one area at a time: a town official below their town, the county admin below the county.
import { AreaIdSchema, AreaRenameSchema, NewAreaSchema, StaffAreaSchema } from '../../schemas/accounts'
import { GridPlaceBodySchema, GridPlaceResponseSchema } from '../../schemas/grid-place'
import { endpoint } from '../endpoint'
import { OFFICIALS, TOWN_AND_COUNTY } from '../roles'

export const createArea = endpoint({
  method: 'POST',
  path: '/areas',
  tag: 'staff',
  summary: '在本辖区内某区域下新增下一级区域（县—镇—村—网格；网格之下不能再设）；同级不能重名；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  body: NewAreaSchema,
  response: StaffAreaSchema,
  status: 201,
})

export const renameArea = endpoint({
  method: 'PUT',
  path: '/areas/:id',
  tag: 'staff',
  summary: '修改本辖区内下级区域的名称（已有记录仍属该区域）；同级不能重名；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  params: AreaIdSchema,
  body: AreaRenameSchema,
  response: StaffAreaSchema,
})

export const gridPlace = endpoint({
  method: 'GET',
  path: '/areas/:id/place',
  tag: 'staff',
  summary: '网格的中心位置和半径（用于核查走访定位是否在网格内）；未设置时为空',
  callers: OFFICIALS,
  scope: 'area',
  params: AreaIdSchema,
  response: GridPlaceResponseSchema,
})

export const setGridPlace = endpoint({
  method: 'PUT',
  path: '/areas/:id/place',
  tag: 'staff',
  summary: '设置或清除本辖区内某网格的中心位置和半径（米）；记入操作日志',
  callers: OFFICIALS,
  scope: 'area',
  params: AreaIdSchema,
  body: GridPlaceBodySchema,
  response: GridPlaceResponseSchema,
})
