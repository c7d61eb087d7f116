// Payloads of the pledge endpoints: template versions, the materials catalogue, the village's archive of signed
// pledges, the worker's link key and the resident's public signing page.
import { z } from 'zod'
import { multilineText, text } from './text'
import { MaterialSchema } from './handout'
import { Sha256Schema } from './media'
import { PLEDGE_CHANNELS, PledgeBodySchema } from './pledge'

export const TemplateCreateRequestSchema = z.object({
  title: text().trim().min(2, '请填写承诺书标题').max(60),
  content: multilineText().trim().min(20, '承诺书正文太短').max(5000),
})
export type TemplateCreateRequest = z.infer<typeof TemplateCreateRequestSchema>

export const MaterialsResponseSchema = z.object({ materials: z.array(MaterialSchema) })

export const PledgeListQuerySchema = z.object({
  areaId: text().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

export const PledgeSummarySchema = z.object({
  recordId: text(),
  householdId: text(),
  doorplate: text(),
  signerName: text(),
  signedAt: text(),
  verificationCode: text(),
  /** A repeat signature by the same person in the same campaign: kept, not counted. */
  duplicate: z.boolean(),
  duplicateOf: text().nullable(),
  signatureSha: Sha256Schema.nullable(),
  /** false while the signature image is still 待上传. */
  signatureUploaded: z.boolean(),
  templateId: text(),
  templateVersion: z.number().int().nullable(),
})
export type PledgeSummary = z.infer<typeof PledgeSummarySchema>

export const PledgeListResponseSchema = z.object({
  total: z.number().int(),
  items: z.array(PledgeSummarySchema),
})
export type PledgeListResponse = z.infer<typeof PledgeListResponseSchema>

export const PledgeDetailSchema = PledgeSummarySchema.extend({
  /** The exact text of the version signed. */
  title: text(),
  content: multilineText(),
  templateHash: Sha256Schema,
  channel: z.enum(PLEDGE_CHANNELS),
  villageName: text(),
  townName: text(),
})
export type PledgeDetail = z.infer<typeof PledgeDetailSchema>

export const PledgeParamsSchema = z.object({ recordId: text().min(1).max(64) })

export const LinkKeyResponseSchema = z.object({
  /** HMAC key for createSignLink(); the app keeps it to make signing links offline. */
  linkKey: text(),
})

export const SignTokenParamsSchema = z.object({ token: text().min(1).max(2048) })

/** What the resident's page shows: the pledge and the doorplate, nothing else about the household or the worker. */
export const PublicSignViewSchema = z.object({
  title: text(),
  content: multilineText(),
  doorplate: text(),
  expiresAt: text(),
  /** Days after the campaign ends before the resident's personal data is deleted (个人信息告知). */
  retentionDays: z.number().int().positive(),
})
export type PublicSignView = z.infer<typeof PublicSignViewSchema>

/** The largest signature the public page accepts, decoded. */
export const PUBLIC_SIGNATURE_MAX_BYTES = 300 * 1024

export const PublicSignRequestSchema = z.object({
  signerName: PledgeBodySchema.shape.signerName,
  /** The handwritten signature, PNG, base64 (a data: URL prefix is allowed). */
  signaturePng: z
    .string()
    .max(Math.ceil(PUBLIC_SIGNATURE_MAX_BYTES / 3) * 4 + 32, '签名图片太大')
    .regex(/^(data:image\/png;base64,)?[A-Za-z0-9+/]+={0,2}$/, '签名图片格式不正确'),
})
export type PublicSignRequest = z.infer<typeof PublicSignRequestSchema>

/** The resident's copy (居民户留存联). */
export const PublicSignResultSchema = z.object({
  verificationCode: text(),
  signedAt: text(),
  title: text(),
  content: multilineText(),
  doorplate: text(),
  signerName: text(),
})
export type PublicSignResult = z.infer<typeof PublicSignResultSchema>
