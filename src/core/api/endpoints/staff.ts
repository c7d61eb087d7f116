// Staff accounts: the county admin for the county, a town official for their town; codes are shown once.
import {
  IssuedCodeSchema,
  NewStaffSchema,
  StaffAreasQuerySchema,
  StaffAreasSchema,
  StaffIdSchema,
  StaffListSchema,
  StaffQuerySchema,
  StaffSchema,
  StaffUpdateSchema,
} from '../../schemas/accounts'
import { endpoint } from '../endpoint'
import { TOWN_AND_COUNTY } from '../roles'

export const staffList = endpoint({
  method: 'GET',
  path: '/staff',
  tag: 'staff',
  summary: '某区域及其下级区域的工作人员（手机号打码），含已停用的',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  query: StaffQuerySchema,
  response: StaffListSchema,
})

export const createStaff = endpoint({
  method: 'POST',
  path: '/staff',
  tag: 'staff',
  summary: '新增工作人员：岗位须与区域层级相符（网格员—网格，村/社区负责人—村，镇—镇，县—县）；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  body: NewStaffSchema,
  response: StaffSchema,
  status: 201,
})

export const updateStaff = endpoint({
  method: 'PUT',
  path: '/staff/:id',
  tag: 'staff',
  summary: '修改姓名、电话，或调动到本辖区内另一区域（权限随人走，已有记录保留原归属）；不能调动自己；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'staff',
  params: StaffIdSchema,
  body: StaffUpdateSchema,
  response: StaffSchema,
})

export const deactivateStaff = endpoint({
  method: 'POST',
  path: '/staff/:id/deactivate',
  tag: 'staff',
  summary: '停用账号：立即注销其全部登录会话并作废未使用的绑定码；不能停用自己；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'staff',
  params: StaffIdSchema,
  response: StaffSchema,
})

export const reactivateStaff = endpoint({
  method: 'POST',
  path: '/staff/:id/reactivate',
  tag: 'staff',
  summary: '恢复已停用的账号（原登录码和已绑定的微信恢复可用）；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'staff',
  params: StaffIdSchema,
  response: StaffSchema,
})

export const issueBindCode = endpoint({
  method: 'POST',
  path: '/staff/:id/bind-code',
  tag: 'staff',
  summary: '发放微信绑定码（7 天内有效，只能使用一次，只显示这一次；替换此前未用的）；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'staff',
  params: StaffIdSchema,
  response: IssuedCodeSchema,
  status: 201,
})

export const revokeBindCode = endpoint({
  method: 'DELETE',
  path: '/staff/:id/bind-code',
  tag: 'staff',
  summary: '作废尚未使用的绑定码；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'staff',
  params: StaffIdSchema,
  response: StaffSchema,
})

export const issueLoginCode = endpoint({
  method: 'POST',
  path: '/staff/:id/login-code',
  tag: 'staff',
  summary: '发放登录码（用于没有微信小程序的 H5 部署；20 位随机字符，只显示这一次，替换原登录码）；记入操作日志',
  callers: TOWN_AND_COUNTY,
  scope: 'staff',
  params: StaffIdSchema,
  response: IssuedCodeSchema,
  status: 201,
})

export const staffAreas = endpoint({
  method: 'GET',
  path: '/staff/areas',
  tag: 'staff',
  summary: '本辖区内某一层级的区域（按名称查找，最多 50 个），供新增或调动人员时选择',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  query: StaffAreasQuerySchema,
  response: StaffAreasSchema,
})
