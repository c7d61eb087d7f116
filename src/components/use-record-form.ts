// One worker form's record: its id (kept across failed tries, so a double tap or a resend stays one record), the
// envelope, saving to the outbox (which starts a sync by itself), and the Chinese message when saving fails.
import { useCallback, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { uuidv7 } from '@core/ids'
import { MediaFileError } from '@core/media/local-media'
import type { FieldRecordInput, RecordKind } from '@core/schemas/record'
import { OutboxError } from '@core/sync/outbox'
import { deviceId } from '../platform/device'
import { randomBytes } from '../platform/random'
import { addRecord } from '../stores/sync'
import { checkedRecord } from '@core/sync/record-check'
import { url } from '../pages/routes'
import { zh } from '../locales/zh-CN'

type BodyOf<K extends RecordKind> = Extract<FieldRecordInput, { kind: K }>['body']

/** Makes the body at saving time `now`, or null when the form found errors and shows them. */
export type BuildBody<K extends RecordKind> = (now: number) => BodyOf<K> | null | Promise<BodyOf<K> | null>

export interface RecordForm<K extends RecordKind> {
  recordId: string
  saving: boolean
  /** Resolves true once the record is safely in the outbox; false when the form is invalid or saving failed. */
  save(build: BuildBody<K>): Promise<boolean>
  /** A fresh id for the next record from the same form (a resident's install steps, saved one after another). */
  next(): void
}

export function useRecordForm<K extends RecordKind>(kind: K, householdId: string, failedTitle: string): RecordForm<K> {
  const [recordId, setRecordId] = useState(newRecordId)
  const [saving, setSaving] = useState(false)
  const busy = useRef(false)

  const save = useCallback(
    async (build: BuildBody<K>) => {
      if (busy.current) return false
      busy.current = true
      setSaving(true)
      try {
        const now = Date.now()
        const body = await build(now)
        if (!body) return false
        const envelope = { id: recordId, kind, householdId, replaces: null, deviceId: deviceId(), createdAt: new Date(now).toISOString(), body }
        await addRecord(checkedRecord(envelope as FieldRecordInput))
        return true
      } catch (err) {
        void Taro.showModal({ title: failedTitle, content: saveFailure(err), showCancel: false, confirmText: zh.common.confirm })
        return false
      } finally {
        busy.current = false
        setSaving(false)
      }
    },
    [recordId, kind, householdId, failedTitle],
  )

  const next = useCallback(() => setRecordId(newRecordId()), [])
  return { recordId, saving, save, next }
}

function newRecordId(): string {
  return uuidv7(Date.now(), randomBytes)
}

/** STORAGE_FULL carries its own instruction (同步 first); a photo or signature that could not be kept says why. */
function saveFailure(err: unknown): string {
  if (err instanceof OutboxError) return err.message
  if (err instanceof MediaFileError) return zh.media.errors[err.code]
  return zh.common.unknownError
}

/** After saving: back to the household the form was opened from (or to it, when the form was opened directly). */
export function backToHousehold(householdId: string): void {
  Taro.navigateBack().catch(() => Taro.redirectTo({ url: url.household(householdId) }))
}
