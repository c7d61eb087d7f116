// 承诺书: templates, the material catalogue, signed pledges and their PDF, and the resident's signing link.
import { PledgeTemplateSchema } from '../../schemas/pledge'
import {
  MaterialsResponseSchema,
  PledgeDetailSchema,
  PledgeListQuerySchema,
  PledgeListResponseSchema,
  PledgeParamsSchema,
  PublicSignRequestSchema,
  PublicSignResultSchema,
  PublicSignViewSchema,
  SignTokenParamsSchema,
  TemplateCreateRequestSchema,
} from '../../schemas/pledge-api'
import { FileResponseSchema } from '../binary'
import { endpoint } from '../endpoint'
import { MIME } from '../mime'
import { ANY_ROLE, TOWN_AND_COUNTY } from '../roles'

export const currentTemplate = endpoint({
  method: 'GET',
  path: '/pledge-templates/current',
  tag: 'pledges',
  summary: '本人所在镇当前使用的承诺书版本（镇未设置时用县的）',
  callers: ANY_ROLE,
  scope: 'area',
  response: PledgeTemplateSchema,
})

export const publishTemplate = endpoint({
  method: 'POST',
  path: '/pledge-templates',
  tag: 'pledges',
  summary: '发布承诺书新版本（镇工作人员为本镇，县级管理员为全县）；内容与当前版本相同则不新增（200），新增为 201',
  callers: TOWN_AND_COUNTY,
  scope: 'area',
  body: TemplateCreateRequestSchema,
  response: PledgeTemplateSchema,
  status: 201,
})

export const materials = endpoint({
  method: 'GET',
  path: '/materials',
  tag: 'pledges',
  summary: '宣传资料目录（needsReceipt 表示需要领取人签字回执）',
  callers: ANY_ROLE,
  scope: 'area',
  response: MaterialsResponseSchema,
})

export const pledges = endpoint({
  method: 'GET',
  path: '/pledges',
  tag: 'pledges',
  summary: '某区域已签署的承诺书（默认本人区域，最新在前；重复签署标出但不计数）',
  callers: ANY_ROLE,
  scope: 'area',
  query: PledgeListQuerySchema,
  response: PledgeListResponseSchema,
})

export const pledge = endpoint({
  method: 'GET',
  path: '/pledges/:recordId',
  tag: 'pledges',
  summary: '一份承诺书：所签版本的原文、签署人、核验码',
  callers: ANY_ROLE,
  scope: 'record',
  params: PledgeParamsSchema,
  response: PledgeDetailSchema,
})

export const pledgePdf = endpoint({
  method: 'GET',
  path: '/pledges/:recordId/pdf',
  tag: 'pledges',
  summary: '下载承诺书村(居)留存联（A4 PDF，可打印）',
  callers: ANY_ROLE,
  scope: 'record',
  params: PledgeParamsSchema,
  file: [MIME.pdf],
  response: FileResponseSchema,
})

export const signLinkView = endpoint({
  method: 'GET',
  path: '/public/sign/:token',
  tag: 'public',
  summary: '居民打开签署链接：只返回承诺书标题、正文和门牌',
  callers: 'public',
  scope: 'link',
  params: SignTokenParamsSchema,
  response: PublicSignViewSchema,
})

export const signByLink = endpoint({
  method: 'POST',
  path: '/public/sign/:token',
  tag: 'public',
  summary: '居民在本人手机上签署（每个链接只能签一次），返回居民户留存联',
  callers: 'public',
  scope: 'link',
  params: SignTokenParamsSchema,
  body: PublicSignRequestSchema,
  response: PublicSignResultSchema,
})
