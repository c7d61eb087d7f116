// Imports on the wire: the job the app polls (progress, what the check found, what the apply did) and its rows.
import { z } from 'zod'
import { multilineText, text } from './text'
import { IMPORT_KINDS } from '../imports/columns'

export const ImportKindSchema = z.enum(IMPORT_KINDS)

export const ImportKindParamsSchema = z.object({ kind: ImportKindSchema })
export const ImportIdParamsSchema = z.object({ id: text().min(1).max(64) })

export const ImportUploadQuerySchema = z.object({
  /** The area the import is for: the caller's own by default, or one inside it. */
  areaId: text().min(1).max(64).optional(),
  /** The file's name as the user chose it, shown in the list and the report's name. */
  fileName: text().trim().max(200).optional(),
})

export const ImportAreaQuerySchema = z.object({ areaId: text().min(1).max(64).optional() })

/**
 * The whole request body is the file (application/octet-stream): the server streams it to disk as it arrives, so
 * the route sees a reference to the spooled file, not these bytes.
 */
export const ImportFileBodySchema = z.custom<Uint8Array>(() => true).meta({ type: 'string', format: 'binary' })

/**
 * checking → checked → applying → applied; failed from either pass (a failed apply may be applied again: it
 * redoes the rows, and those already in change nothing the second time).
 */
export const IMPORT_STATUSES = ['checking', 'checked', 'applying', 'applied', 'failed'] as const
export const ImportStatusSchema = z.enum(IMPORT_STATUSES)
export type ImportStatus = z.infer<typeof ImportStatusSchema>

export const EntityCountsSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Missing from the new register but with records: kept, marked 不在名册 for an official to confirm. */
  offRegister: z.number().int(),
  /** Missing from the new register and without any record: removed (soft, restored if a later file lists it). */
  removed: z.number().int(),
})
export type EntityCounts = z.infer<typeof EntityCountsSchema>

export const ROW_OUTCOMES = ['created', 'updated', 'unchanged', 'refused'] as const
export const RowOutcomeSchema = z.enum(ROW_OUTCOMES)
export type RowOutcome = z.infer<typeof RowOutcomeSchema>

export const ROW_OUTCOME_LABEL: Record<RowOutcome, string> = { created: '新增', updated: '更新', unchanged: '无变化', refused: '未导入' }

export const ImportCountsSchema = z.object({
  rows: z.object({ total: z.number().int(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), refused: z.number().int() }),
  /** Per kind of thing: areas, users, households, residents. */
  entities: z.record(text(), EntityCountsSchema),
})
export type ImportCounts = z.infer<typeof ImportCountsSchema>

export const ImportJobSchema = z.object({
  id: text(),
  kind: ImportKindSchema,
  areaId: text(),
  areaName: text(),
  fileName: text(),
  fileBytes: z.number().int(),
  status: ImportStatusSchema,
  /** Rows done in the pass under way, and of how many (known once the check has read the whole file). */
  processedRows: z.number().int(),
  totalRows: z.number().int().nullable(),
  /** 0–1 of the pass under way (the check: of the file read; the apply: of the rows). */
  progress: z.number(),
  /** Template columns the file's header was read as, in its order. */
  columns: z.array(text()),
  check: ImportCountsSchema.nullable(),
  apply: ImportCountsSchema.nullable(),
  error: z.object({ code: multilineText(), message: multilineText() }).nullable(),
  createdAt: text(),
  checkedAt: text().nullable(),
  appliedAt: text().nullable(),
})
export type ImportJob = z.infer<typeof ImportJobSchema>

export const ImportListSchema = z.object({ imports: z.array(ImportJobSchema) })

export const ImportRowsQuerySchema = z.object({
  /** Only rows with this outcome (default: the refused ones). */
  outcome: RowOutcomeSchema.default('refused'),
  /** Rows after this row number (keyset paging). */
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const ImportRowSchema = z.object({
  rowNo: z.number().int(),
  /** Where the row is in the file: `第12行`, or `花名册!第12行` in a workbook of several sheets. */
  source: text(),
  outcome: RowOutcomeSchema,
  message: multilineText(),
  /** The row's cells by template column (never the ID number). */
  cells: z.record(text(), text()),
})
export type ImportRow = z.infer<typeof ImportRowSchema>

export const ImportRowsSchema = z.object({ rows: z.array(ImportRowSchema), hasMore: z.boolean() })
