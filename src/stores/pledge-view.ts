// Pledge helpers for the worker's pages: which template to sign, this household's pledges on the phone, and the
// resident's signing URL. No Taro import, so it is unit-testable.
import type { PledgeTemplate } from '@core/schemas/pledge'
import type { FieldRecord } from '@core/schemas/record'
import type { OutboxItem } from '@core/sync/outbox'
import { OWN_PACKAGE_PAGES } from '../pages/routes'

export type PledgeRecord = Extract<FieldRecord, { kind: 'pledge' }>
export type PledgeItem = OutboxItem & { record: PledgeRecord }

/** The pull carries the template current for the worker's town; should it carry several, the newest version wins. */
export function currentTemplate(templates: PledgeTemplate[]): PledgeTemplate | null {
  return templates.reduce<PledgeTemplate | null>((best, t) => (!best || t.version > best.version ? t : best), null)
}

/** This household's pledges still on this phone (refused ones included, so they are seen), newest first. */
export function localPledges(items: OutboxItem[], householdId: string): PledgeItem[] {
  return items.filter((i): i is PledgeItem => i.record.kind === 'pledge' && i.record.householdId === householdId).reverse()
}

/**
 * The resident's signing page, the H5 build's sign.html (outside Taro), with the app's route in the hash as the
 * app's own page had it: `${origin}/sign.html#/pages/sign/index?token=…`.
 */
export function signPageUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/sign.html#/${OWN_PACKAGE_PAGES.sign}?token=${encodeURIComponent(token)}`
}

/** A nonce for a signing link: 16 random bytes, hex. */
export function linkNonce(randomBytes: (n: number) => Uint8Array): string {
  return Array.from(randomBytes(16), (b) => b.toString(16).padStart(2, '0')).join('')
}
