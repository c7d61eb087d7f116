// Reads of personal data in the audit trail (#12 item 6): files (screenshots, signatures, photos), pledges, the
// area lists of households, residents and pledges, and every /sync/pull page that carried households or residents.
// One row per request with counts, never one per resident: a county admin's first pull of 50,000 residents is a
// few rows (one per page), each saying how many households and residents it carried and whether phones were whole.
import type { Db } from '../db/database'
import type { UserContext } from '../auth/user-context'
import { recordAudit } from './audit'

/** A file was sent to `user`: which one, its type and size, and the kinds of record that name it (install, pledge…). */
export async function auditMediaRead(db: Db, user: UserContext, sha: string, file: { mime: string; bytes: number }, at: number): Promise<void> {
  const kinds = await db.kysely
    .selectFrom('record_media as rm')
    .innerJoin('records as r', 'r.id', 'rm.record_id')
    .select('r.kind')
    .distinct()
    .where('rm.sha256', '=', sha)
    .orderBy('r.kind')
    .execute()
  await recordAudit(db.kysely, {
    at,
    userId: user.id,
    action: 'media.view',
    entity: 'media',
    entityId: sha,
    detail: { mime: file.mime, bytes: file.bytes, kinds: kinds.map((k) => k.kind) },
  })
}

/** A list of an area's people was read: which area, which page and how many rows it showed. */
export async function auditListRead(
  db: Db,
  user: UserContext,
  action: 'household.list' | 'resident.list' | 'pledge.list',
  areaId: string,
  page: { count: number; total?: number; offset?: number },
  at: number,
): Promise<void> {
  await recordAudit(db.kysely, { at, userId: user.id, action, entity: 'area', entityId: areaId, detail: page })
}

/** A /sync/pull page that carried anything: counts of households and residents, and whether phones were in full. */
export async function auditPull(
  db: Db,
  user: UserContext,
  page: { cursor: number; nextCursor: string; households: number; residents: number; fullPhones: boolean },
  at: number,
): Promise<void> {
  if (page.households + page.residents === 0) return
  await recordAudit(db.kysely, { at, userId: user.id, action: 'sync.pull', entity: 'area', entityId: user.areaId, detail: page })
}
