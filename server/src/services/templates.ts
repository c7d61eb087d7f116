// Pledge template versions and the materials catalogue: which the user's town uses now, and new versions.
//
// Rules, by example:
// - town t1 publishes a text: it becomes t1's next version (v1, then v2, …); the county's versions are untouched.
// - the same title and text sent again (a resend after a lost answer): the current version comes back, no new one.
// - two officials of one town publishing at the same moment: both get a version, numbered one after the other.
import type { Kysely, Selectable } from 'kysely'
import { nextTemplateVersion, normaliseTemplateText, pickCurrentTemplate, templateContentHash, templateId } from '@core/pledge-template'
import type { Material } from '@core/schemas/handout'
import type { PledgeTemplate } from '@core/schemas/pledge'
import type { TemplateCreateRequest } from '@core/schemas/pledge-api'
import type { Db } from '../db/database'
import type { Database, PledgeTemplatesTable } from '../db/schema'
import { AppError } from '../http/app-error'
import type { UserContext } from '../auth/user-context'
import { recordAudit } from './audit'

type TemplateRow = Selectable<PledgeTemplatesTable>

function toTemplate(row: TemplateRow): PledgeTemplate {
  return { id: row.id, title: row.title, content: row.content, version: row.version, contentHash: row.content_hash }
}

/** The user's town and county. */
async function placeOf(db: Kysely<Database>, user: UserContext): Promise<{ townId: string | null; countyId: string }> {
  const area = await db.selectFrom('areas').select(['town_id', 'county_id']).where('id', '=', user.areaId).executeTakeFirstOrThrow()
  return { townId: area.town_id, countyId: area.county_id }
}

async function versionsOf(db: Kysely<Database>, areaIds: string[]): Promise<TemplateRow[]> {
  return db.selectFrom('pledge_templates').selectAll().where('area_id', 'in', areaIds).execute()
}

/** The version a new pledge in the user's area is signed on: the town's newest, else the county's. */
export async function currentTemplate(db: Db, user: UserContext): Promise<PledgeTemplate | null> {
  const place = await placeOf(db.kysely, user)
  const rows = await versionsOf(db.kysely, place.townId ? [place.townId, place.countyId] : [place.countyId])
  const row = pickCurrentTemplate(rows.map((r) => ({ ...r, areaId: r.area_id })), place)
  return row ? toTemplate(row) : null
}

/** A version by id and content hash: what a pledge or a signing link names. */
export async function templateVersion(db: Kysely<Database>, id: string, contentHash: string): Promise<TemplateRow | null> {
  const row = await db.selectFrom('pledge_templates').selectAll().where('id', '=', id).where('content_hash', '=', contentHash).executeTakeFirst()
  return row ?? null
}

/** Town officials publish for their town, county administrators for the county. */
export async function publishTemplate(
  db: Db,
  user: UserContext,
  input: TemplateCreateRequest,
  now: number,
): Promise<{ template: PledgeTemplate; created: boolean }> {
  const areaId = user.areaId
  const title = normaliseTemplateText(input.title)
  const content = normaliseTemplateText(input.content)
  const contentHash = templateContentHash({ title, content })
  for (let attempt = 0; attempt < 5; attempt++) {
    const versions = await versionsOf(db.kysely, [areaId])
    const newest = versions.reduce<TemplateRow | null>((best, v) => (!best || v.version > best.version ? v : best), null)
    if (newest?.content_hash === contentHash) return { template: toTemplate(newest), created: false }
    const version = nextTemplateVersion(versions.map((v) => ({ areaId: v.area_id, version: v.version })), areaId)
    const row = { id: templateId(areaId, version), area_id: areaId, version, title, content, content_hash: contentHash, created_by: user.id, created_at: now }
    const stored = await db.kysely.transaction().execute(async (trx) => {
      // The (area, version) constraint settles a race: the loser finds the number taken and tries the next.
      const inserted = await trx
        .insertInto('pledge_templates')
        .values(row)
        .onConflict((oc) => oc.columns(['area_id', 'version']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!inserted) return false
      await recordAudit(trx, {
        at: now,
        userId: user.id,
        action: 'pledge_template.publish',
        entity: 'pledge_template',
        entityId: row.id,
        detail: { areaId, version, contentHash },
      })
      return true
    })
    if (stored) return { template: toTemplate(row), created: true }
  }
  throw new AppError('INTERNAL')
}

/** The active materials of the user's county and town, in catalogue order. */
export async function materialsFor(db: Db, user: UserContext): Promise<Material[]> {
  const place = await placeOf(db.kysely, user)
  const rows = await db.kysely
    .selectFrom('materials')
    .select(['id', 'name', 'needs_receipt'])
    .where('area_id', 'in', place.townId ? [place.countyId, place.townId] : [place.countyId])
    .where('active', '=', 1)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.name, needsReceipt: r.needs_receipt === 1 }))
}
