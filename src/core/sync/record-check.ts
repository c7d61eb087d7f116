// A record as a form built it, checked against its schema before it is queued: a problem stays on the form, in
// Chinese, instead of travelling to the server. Apart from the outbox so that the worker's list, which opens the
// outbox, does not wait for the schemas to load (config/client-api-table.ts says why that matters).
import { FieldRecordSchema, type FieldRecord, type FieldRecordInput } from '../schemas/record'
import { OutboxError } from './outbox'

export function checkedRecord(input: FieldRecordInput): FieldRecord {
  const parsed = FieldRecordSchema.safeParse(input)
  if (!parsed.success) throw new OutboxError('RECORD_INVALID', `记录内容有误：${parsed.error.issues[0]?.message ?? ''}`)
  return parsed.data
}
