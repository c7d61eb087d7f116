// The area tree, edited one area at a time: a town official below their town, the county admin below the county.
import { AreaIdSchema, AreaRenameSchema, NewAreaSchema, StaffAreaSchema } from '../../schemas/accounts'
import { endpoint } from '../endpoint'
import { TOWN_AND_COUNTY } from '../roles'

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
