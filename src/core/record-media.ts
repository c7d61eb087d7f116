// The media files a record names. No zod here: the worker's list queues uploads before any schema is needed.
import type { FieldRecord } from './schemas/record'

/** Every media file a record names; the record counts at once, its media shows 待上传 until it arrives. */
export function mediaOf(record: FieldRecord): string[] {
  switch (record.kind) {
    case 'visit':
      return record.body.photoShas ?? []
    case 'pledge':
      return [record.body.signatureSha]
    case 'handout':
      return [...(record.body.receiptSignatureSha ? [record.body.receiptSignatureSha] : []), ...(record.body.photoShas ?? [])]
    case 'install':
      return record.body.screenshotShas
    case 'roster':
      return []
  }
}
