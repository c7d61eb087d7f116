// The household register import (户籍花名册): one row per person, households made of the rows that share a grid
// and a doorplate.
//
// The matching rule, by example (keys: core/imports/keys.ts):
// - a household is its grid plus its doorplate key: `城关镇/东街社区/第1网格` + `2栋 102` is the household at
//   `２栋102` in that grid; the same doorplate in another grid is another household;
// - a resident is that household plus the name key: `李 明` in that household is the 李明 already there;
// - a match updates only what the row says and differs: an empty cell never clears a stored value, tags are
//   compared as a set, and a name or doorplate written differently but with the same key is not a change — so the
//   same file imported twice changes nothing the second time;
// - two rows of one household must agree on the 户主; two rows with the same name in one household: the second is
//   refused (duplicate member). Either way the other rows go in;
// - among several stored households with the same key, a live one is taken first (the one whose 户主 the row names,
//   else the oldest); a household an earlier import removed (see below) comes back, its time away kept in
//   register_absences so past periods' bases do not count it. One deleted in the field (迁出, 空户, 拆除) does
//   not: with the same 户主 the row is refused and says so, with another 户主 it makes a new household (a new
//   family at that doorplate). A resident deleted in the field (迁出, 死亡) is not brought back
//   either: the row is refused. "Removed by an import" is deleted_at = off_register_at (the sweep sets both at once);
// - after the last row, for every grid the file names: a household the file no longer lists, or a resident no longer
//   listed in a household it lists, is never deleted when its household has records (visits, pledges, hand-outs,
//   installs): it is marked 不在名册 (off_register_at) for an official to confirm, and still counted; without any
//   record it is removed (soft: deleted_at, and off_register_at says an import did it). Grids the file does not
//   name are not touched.
import { sql, type Insertable, type Kysely, type Selectable, type SqlBool } from 'kysely'
import type { AreaIndex, AreaNode } from '@core/imports/area-index'
import { matchKey } from '@core/imports/keys'
import { readRegisterRow, type RegisterRow } from '@core/imports/rows'
import { sameTags } from '@core/imports/values'
import type { RowOutcome } from '@core/schemas/imports'
import { allocateRevs } from '../db/database'
import type { Database, HouseholdsTable, ResidentsTable } from '../db/schema'
import { levelColumn } from '../auth/user-context'
import { refreshGridTallies } from './grid-tallies'
import { recordReturns } from './register-absences'
import { countKeys, gridsMet, insertAbsent, insertKeys, keepKeys, keysIn, setKeyExtra, type ImportKeyRow } from '../queries/imports'
import { areaPlace, bump, loadAreaIndex, newId, passTransaction, refused, retryOnLock, type ImportHandler, type PassContext, type RowResult } from './import-pass'

interface RegisterState {
  index: AreaIndex
}

type HouseholdRow = Pick<Selectable<HouseholdsTable>, 'id' | 'grid_id' | 'doorplate_key' | 'head_name' | 'deleted_at' | 'off_register_at'>
type ResidentRow = Pick<
  Selectable<ResidentsTable>,
  'id' | 'household_id' | 'name' | 'gender' | 'birth_year' | 'phone' | 'tags' | 'relation' | 'deleted_at' | 'off_register_at'
>

/** A household as this pass knows it (kept between batches in import_keys.extra). */
interface HouseholdPlan {
  id: string
  grid: AreaNode
  doorplate: string
  /** Created by this pass (in the check: would be). */
  isNew: boolean
  /** Its 户主 as stored now (after this pass's own writes). */
  storedHead: string
  /** The 户主 the file gives, and the row that first gave it. */
  fileHead: string | null
  fileHeadAt: string | null
  /** Already counted as updated in this pass. */
  counted: boolean
  /** Met in this batch for the first time: its key is staged at the end of the batch. */
  fresh: boolean
  /** A row went into it in this batch (a household whose every row is refused is not created, nor counted as listed). */
  used: boolean
  /** Stored but removed by an earlier import: its first row brings it back. */
  revive: boolean
  /** Its staged extra changed in this batch. */
  dirty: boolean
  firstAt: string
}

interface Extra {
  n: 0 | 1
  sh: string
  fh: string | null
  fa: string | null
  u: 0 | 1
  s: string
  d: string
}

function planFromKey(k: ImportKeyRow, grid: AreaNode): HouseholdPlan {
  const e = JSON.parse(k.extra ?? '{}') as Extra
  return {
    id: k.ref!,
    grid,
    doorplate: e.d,
    isNew: e.n === 1,
    storedHead: e.sh,
    fileHead: e.fh,
    fileHeadAt: e.fa,
    counted: e.u === 1,
    fresh: false,
    used: true,
    dirty: false,
    revive: false,
    firstAt: e.s,
  }
}

function extraOf(p: HouseholdPlan): string {
  const e: Extra = { n: p.isNew ? 1 : 0, sh: p.storedHead, fh: p.fileHead, fa: p.fileHeadAt, u: p.counted ? 1 : 0, s: p.firstAt, d: p.doorplate }
  return JSON.stringify(e)
}

/**
 * Removed by an import (the sweep sets both times at once), as opposed to deleted in the field (迁出, 空户, 拆除, 死亡:
 * deleted_at alone, or later than an import's mark).
 */
function removedByImport(row: { deleted_at: number | null; off_register_at: number | null }): boolean {
  return row.deleted_at !== null && row.deleted_at === row.off_register_at
}

/** Prefer a live household (the one with the row's 户主, else the oldest), then one an import removed. */
function pickHousehold(candidates: HouseholdRow[], head: string | null): HouseholdRow | undefined {
  const live = candidates.filter((h) => h.deleted_at === null)
  if (live.length) return live.find((h) => head !== null && matchKey(h.head_name) === matchKey(head)) ?? live[0]
  return candidates.find(removedByImport)
}

/** A household the field deleted with the same 户主: an old register listing it again must not bring it back. */
function goneInField(candidates: HouseholdRow[], head: string | null): HouseholdRow | undefined {
  if (head === null) return undefined
  return candidates.find((h) => h.deleted_at !== null && !removedByImport(h) && matchKey(h.head_name) === matchKey(head))
}

/** Prefer a live resident, then one an import removed, then one deleted in the field (which the row may not revive). */
function pickResident(candidates: ResidentRow[] | undefined): ResidentRow | undefined {
  if (!candidates?.length) return undefined
  return candidates.find((r) => r.deleted_at === null) ?? candidates.find(removedByImport) ?? candidates[0]
}

const FIELD_LABEL = { gender: '性别', birth_year: '出生年份', phone: '电话', relation: '与户主关系', tags: '标签' } as const

/** What the row changes on a stored resident: only what it says and differs. */
function residentPatch(r: ResidentRow, row: RegisterRow): { patch: Partial<Record<keyof typeof FIELD_LABEL, unknown>>; labels: string[] } {
  const patch: Partial<Record<keyof typeof FIELD_LABEL, unknown>> = {}
  if (row.gender !== null && row.gender !== r.gender) patch.gender = row.gender
  if (row.birthYear !== null && row.birthYear !== r.birth_year) patch.birth_year = row.birthYear
  if (row.phone !== null && row.phone !== r.phone) patch.phone = row.phone
  if (row.relation !== null && row.relation !== r.relation) patch.relation = row.relation
  if (row.tags !== null && !sameTags(row.tags, JSON.parse(r.tags) as string[])) patch.tags = JSON.stringify(row.tags)
  return { patch, labels: Object.keys(patch).map((k) => FIELD_LABEL[k as keyof typeof FIELD_LABEL]) }
}

export const registerImport: ImportHandler<RegisterState> = {
  entities: ['households', 'residents'],

  async begin(ctx) {
    await fillDoorplateKeys(ctx.db.kysely, ctx.job.areaId)
    return { index: await loadAreaIndex(ctx.db.kysely, ctx.job.areaId) }
  },

  async batch(trx, ctx, st, rows) {
    const apply = ctx.mode === 'apply'
    const results: RowResult[] = new Array(rows.length)
    interface Item {
      i: number
      row: RegisterRow
      grid: AreaNode
      hKey: string
      mKey: string
    }
    const items: Item[] = []
    /** Refused rows that still name a stored household (and member): kept from the sweep. */
    const refusedRefs: { i: number; hKey: string; nameKey: string | null }[] = []
    rows.forEach((r, i) => {
      const read = readRegisterRow(r.cells, ctx.thisYear)
      if (!read.ok) {
        results[i] = refused(read.reasons.join('；'))
        const grid = read.partial?.doorplateKey ? st.index.findAt(read.partial.area, 'grid') : null
        if (grid?.ok) refusedRefs.push({ i, hKey: `h|${grid.value.id}|${read.partial!.doorplateKey}`, nameKey: read.partial!.nameKey })
        return
      }
      const grid = st.index.findAt(read.value.area, 'grid')
      if (!grid.ok) return void (results[i] = refused(grid.reason))
      const hKey = `h|${grid.value.id}|${read.value.doorplateKey}`
      items.push({ i, row: read.value, grid: grid.value, hKey, mKey: `m|${grid.value.id}|${read.value.doorplateKey}|${read.value.nameKey}` })
    })

    // Households and members earlier batches met, then the stored households of the rest.
    const staged = await keysIn(trx, ctx.job.id, [...new Set([...items.flatMap((it) => [it.hKey, it.mKey]), ...refusedRefs.map((r) => r.hKey)])])
    const unmet = [...new Set([...items.map((it) => it.hKey), ...refusedRefs.map((r) => r.hKey)])].filter((k) => !staged.has(k))
    const stored = await householdsByKey(trx, unmet, apply && ctx.db.dialect === 'postgres')
    const plans = new Map<string, HouseholdPlan>()
    /** Households the field deleted that these rows name again with the same 户主. */
    const gone = new Set<string>()
    for (const it of items) {
      if (plans.has(it.hKey)) continue
      const k = staged.get(it.hKey)
      if (k) {
        plans.set(it.hKey, planFromKey(k, it.grid))
        continue
      }
      const candidates = stored.get(it.hKey) ?? []
      const h = pickHousehold(candidates, it.row.head)
      if (!h && goneInField(candidates, it.row.head)) gone.add(it.hKey)
      plans.set(it.hKey, {
        id: h?.id ?? newId(ctx.now),
        grid: it.grid,
        doorplate: it.row.doorplate,
        isNew: !h,
        storedHead: h?.head_name ?? it.row.head ?? it.row.name,
        fileHead: null,
        fileHeadAt: null,
        counted: false,
        fresh: true,
        used: false,
        dirty: false,
        revive: h !== undefined && h.off_register_at !== null,
        firstAt: rows[it.i].source,
      })
    }
    /** The stored household a refused row names, if any. */
    const storedOf = (hKey: string): string | undefined => {
      const k = staged.get(hKey)
      if (k) return (JSON.parse(k.extra ?? '{}') as Extra).n ? undefined : k.ref!
      return pickHousehold(stored.get(hKey) ?? [], null)?.id
    }
    const residents = await residentsOf(trx, [
      ...new Set([...[...plans.values()].filter((p) => !p.isNew).map((p) => p.id), ...refusedRefs.flatMap((r) => storedOf(r.hKey) ?? [])]),
    ])
    const keep = new Set<string>()
    for (const r of refusedRefs) {
      const id = storedOf(r.hKey)
      if (!id) continue
      keep.add(id)
      const member = r.nameKey === null ? undefined : pickResident(residents.get(id)?.get(r.nameKey))
      if (member) keep.add(member.id)
    }

    const newHouseholds: HouseholdPlan[] = []
    const householdPatches = new Map<string, { head_name?: string; deleted_at?: null; off_register_at?: null }>()
    const newResidents: { id: string; plan: HouseholdPlan; row: RegisterRow }[] = []
    const residentPatches: { id: string; patch: Record<string, unknown> }[] = []
    const memberKeys: { key: string; ref: string; row_no: number; extra: string }[] = []
    const metMembers = new Map<string, string>()
    const changedGrids = new Set<string>()

    for (const it of items) {
      const src = rows[it.i]
      const p = plans.get(it.hKey)!
      const prev = staged.get(it.mKey)?.extra ?? metMembers.get(it.mKey)
      if (prev !== undefined) {
        if (!p.isNew) keep.add(p.id)
        results[it.i] = refused(`与${prev}重复：同一户（${it.grid.name} ${it.row.doorplate}）中已有「${it.row.name}」`)
        continue
      }
      if (gone.has(it.hKey)) {
        results[it.i] = refused(`该户（户主「${it.row.head}」）已在走访中登记为迁出、空户或拆除，未恢复；确有新住户请核对户主，确需恢复请联系管理员`)
        continue
      }
      const found = p.isNew ? undefined : pickResident(residents.get(p.id)?.get(it.row.nameKey))
      if (it.row.head !== null && p.fileHead !== null && matchKey(p.fileHead) !== matchKey(it.row.head)) {
        results[it.i] = refused(`户主「${it.row.head}」与${p.fileHeadAt}的户主「${p.fileHead}」不一致（同一网格同一门牌号为同一户）`)
        if (!p.isNew) keep.add(p.id)
        if (found) keep.add(found.id)
        continue
      }
      if (found && found.deleted_at !== null && !removedByImport(found)) {
        results[it.i] = refused(`「${it.row.name}」已在走访中登记为迁出、死亡等并删除，未恢复；确需恢复请联系管理员`)
        continue
      }

      const notes: string[] = []
      let outcome: RowOutcome = 'unchanged'
      if (!p.used) {
        p.used = true
        if (p.isNew && p.fresh) {
          newHouseholds.push(p)
          bump(ctx.counts, 'households', 'created')
          outcome = 'created'
          notes.push(`新增户（${it.grid.name} ${it.row.doorplate}）`)
          changedGrids.add(it.grid.id)
        }
      }
      const householdChange: string[] = []
      if (it.row.head !== null && p.fileHead === null) {
        p.fileHead = it.row.head
        p.fileHeadAt = src.source
        p.dirty = true
        if (matchKey(p.storedHead) !== matchKey(it.row.head)) {
          p.storedHead = it.row.head
          if (!p.isNew) householdChange.push(`户主改为「${it.row.head}」`)
          householdPatches.set(p.id, { ...householdPatches.get(p.id), head_name: it.row.head })
          changedGrids.add(it.grid.id)
        }
      }
      if (p.revive) {
        p.revive = false
        householdChange.push('重新列入名册')
        householdPatches.set(p.id, { ...householdPatches.get(p.id), deleted_at: null, off_register_at: null })
        changedGrids.add(it.grid.id)
      }
      if (householdChange.length) {
        notes.push(`户：${householdChange.join('，')}`)
        if (!p.counted) {
          p.counted = true
          p.dirty = true
          bump(ctx.counts, 'households', 'updated')
        }
        if (outcome === 'unchanged') outcome = 'updated'
      }

      let residentId: string
      if (!found) {
        residentId = newId(ctx.now)
        newResidents.push({ id: residentId, plan: p, row: it.row })
        bump(ctx.counts, 'residents', 'created')
        notes.push(`新增成员「${it.row.name}」`)
        outcome = 'created'
        changedGrids.add(it.grid.id)
      } else {
        residentId = found.id
        const { patch, labels } = residentPatch(found, it.row)
        if (removedByImport(found) || (found.deleted_at === null && found.off_register_at !== null)) {
          Object.assign(patch, { deleted_at: null, off_register_at: null })
          labels.push('重新列入名册')
        }
        if (labels.length) {
          residentPatches.push({ id: found.id, patch })
          bump(ctx.counts, 'residents', 'updated')
          notes.push(`更新「${it.row.name}」：${labels.join('、')}`)
          if (outcome === 'unchanged') outcome = 'updated'
          changedGrids.add(it.grid.id)
        } else {
          bump(ctx.counts, 'residents', 'unchanged')
        }
      }
      metMembers.set(it.mKey, src.source)
      memberKeys.push({ key: it.mKey, ref: residentId, row_no: src.rowNo, extra: src.source })
      results[it.i] = { outcome, message: notes.join('；') }
    }

    // What this pass has met, for later batches and the sweep: households any row went into, and members.
    await insertKeys(trx, [
      ...[...plans.values()]
        .filter((p) => p.fresh && p.used)
        .map((p) => ({ import_id: ctx.job.id, key: `h|${p.grid.id}|${matchKey(p.doorplate)}`, ref: p.id, grid_id: p.grid.id, row_no: 0, extra: extraOf(p) })),
      ...memberKeys.map((m) => ({ import_id: ctx.job.id, key: m.key, ref: m.ref, grid_id: null, row_no: m.row_no, extra: m.extra })),
    ])
    for (const [key, p] of plans) if (!p.fresh && p.dirty) await setKeyExtra(trx, ctx.job.id, key, extraOf(p))
    await keepKeys(trx, ctx.job.id, [...keep])

    if (!apply) return results
    const newIds = new Set(newHouseholds.map((p) => p.id))
    const updatedIds = [...householdPatches.keys()].filter((id) => !newIds.has(id)).sort()
    const changes = newHouseholds.length + updatedIds.length + newResidents.length + residentPatches.length
    if (!changes) return results
    // Ingest's lock order: households, then the change counter, then the grids' tallies.
    if (ctx.db.dialect === 'postgres' && updatedIds.length) {
      await trx.selectFrom('households').select('id').where('id', 'in', updatedIds).orderBy('id').forUpdate().execute()
    }
    let rev = await allocateRevs(trx, changes)
    await insertMany(
      trx,
      'households',
      newHouseholds.map(
        (p): Insertable<HouseholdsTable> => ({
          id: p.id,
          grid_id: p.grid.id,
          ...placeOf(st.index, p.grid, ctx.job.countyId),
          doorplate: p.doorplate,
          doorplate_key: matchKey(p.doorplate),
          head_name: p.storedHead,
          created_at: ctx.now,
          deleted_at: null,
          rev: rev++,
          visit_count: 0,
          covered: 0,
          last_visit_at: null,
          last_outcome: null,
        }),
      ),
    )
    await recordReturns(trx, 'household', updatedIds.filter((id) => householdPatches.get(id)!.deleted_at === null), ctx.now)
    for (const id of updatedIds) await trx.updateTable('households').set({ ...householdPatches.get(id), rev: rev++ }).where('id', '=', id).execute()
    await insertMany(
      trx,
      'residents',
      newResidents.map(
        ({ id, plan, row }): Insertable<ResidentsTable> => ({
          id,
          household_id: plan.id,
          grid_id: plan.grid.id,
          ...placeOf(st.index, plan.grid, ctx.job.countyId),
          name: row.name,
          birth_year: row.birthYear,
          gender: row.gender,
          phone: row.phone,
          tags: JSON.stringify(row.tags ?? []),
          relation: row.relation,
          created_at: ctx.now,
          deleted_at: null,
          rev: rev++,
        }),
      ),
    )
    await recordReturns(trx, 'resident', residentPatches.filter((p) => p.patch.deleted_at === null).map((p) => p.id), ctx.now)
    for (const { id, patch } of residentPatches) await trx.updateTable('residents').set({ ...patch, rev: rev++ }).where('id', '=', id).execute()
    await refreshGridTallies(trx, changedGrids)
    return results
  },

  async finish(ctx, st) {
    // Households met and neither created nor changed.
    const met = await countKeys(ctx.db.kysely, ctx.job.id, 'h|')
    const h = ctx.counts.entities.households
    h.unchanged = met - h.created - h.updated
    const grids = await gridsMet(ctx.db.kysely, ctx.job.id)
    for (let i = 0; i < grids.length; i += SWEEP_GRIDS) await sweepGrids(ctx, st.index, grids.slice(i, i + SWEEP_GRIDS))
  },
}

const SWEEP_GRIDS = 20

function placeOf(index: AreaIndex, grid: AreaNode, countyId: string) {
  const p = areaPlace(index, grid, countyId)
  return { village_id: p.village_id ?? '', town_id: p.town_id ?? '', county_id: p.county_id }
}

/**
 * Households and residents of these grids that the file does not list: marked 不在名册 when their household has
 * records, removed when not (see the rule at the top). Listed in import_absent in both passes; written in the apply.
 */
async function sweepGrids(ctx: PassContext, index: AreaIndex, gridIds: string[]): Promise<void> {
  await passTransaction(ctx, async (trx) => {
    const absent = await absentFrom(trx, ctx.job.id, gridIds)
    if (!absent.length) return
    const where = (gridId: string) => {
      const g = index.get(gridId)
      return g ? index.pathOf(g) : ''
    }
    await insertAbsent(
      trx,
      absent.map((a) => ({ import_id: ctx.job.id, entity: a.entity, entity_id: a.id, grid_id: a.gridId, label: `${where(a.gridId)} ${a.label}`, action: a.action })),
    )
    for (const a of absent) {
      const entity = a.entity === 'household' ? 'households' : 'residents'
      if (a.action === 'off_register') bump(ctx.counts, entity, 'offRegister')
      if (a.action === 'removed') bump(ctx.counts, entity, 'removed')
    }
    const writes = absent.filter((a) => a.action !== 'already_off')
    if (ctx.mode !== 'apply' || !writes.length) return
    if (ctx.db.dialect === 'postgres') {
      const ids = writes.filter((a) => a.entity === 'household').map((a) => a.id).sort()
      if (ids.length) await trx.selectFrom('households').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute()
    }
    let rev = await allocateRevs(trx, writes.length)
    for (const a of writes) {
      const set = a.action === 'removed' ? { off_register_at: ctx.now, deleted_at: ctx.now } : { off_register_at: ctx.now }
      await trx.updateTable(a.entity === 'household' ? 'households' : 'residents').set({ ...set, rev: rev++ }).where('id', '=', a.id).execute()
    }
    await refreshGridTallies(trx, new Set(writes.map((a) => a.gridId)))
  })
}

interface Absent {
  entity: 'household' | 'resident'
  id: string
  gridId: string
  label: string
  action: 'off_register' | 'already_off' | 'removed'
}

/** Live households of the grids the pass did not meet, and live residents it did not meet in households it met. */
async function absentFrom(trx: Kysely<Database>, importId: string, gridIds: string[]): Promise<Absent[]> {
  const hasRecords = (householdRef: string) => sql<number>`exists (select 1 from records where records.household_id = ${sql.ref(householdRef)})`
  const met = (ref: string, keyLike?: string) =>
    sql<SqlBool>`exists (select 1 from import_keys k where k.import_id = ${importId} and k.ref = ${sql.ref(ref)}${keyLike ? sql` and k.key like ${keyLike}` : sql``})`
  const households = await trx
    .selectFrom('households as h')
    .select(['h.id', 'h.grid_id', 'h.doorplate', 'h.head_name', 'h.off_register_at', hasRecords('h.id').as('has_records')])
    .where('h.grid_id', 'in', gridIds)
    .where('h.deleted_at', 'is', null)
    .where(sql<SqlBool>`not ${met('h.id')}`)
    .orderBy('h.id')
    .execute()
  const residents = await trx
    .selectFrom('residents as r')
    .innerJoin('households as h', 'h.id', 'r.household_id')
    .select(['r.id', 'h.grid_id', 'h.doorplate', 'r.name', 'r.off_register_at', hasRecords('h.id').as('has_records')])
    .where('h.grid_id', 'in', gridIds)
    .where('h.deleted_at', 'is', null)
    .where('r.deleted_at', 'is', null)
    // Only in households a row went into: one whose every row was refused keeps all its residents.
    .where(met('h.id', 'h|%'))
    .where(sql<SqlBool>`not ${met('r.id')}`)
    .orderBy('r.id')
    .execute()
  const action = (records: unknown, offAt: number | null): Absent['action'] =>
    !Number(records) && records !== true ? 'removed' : offAt !== null ? 'already_off' : 'off_register'
  return [
    ...households.map((h): Absent => ({ entity: 'household', id: h.id, gridId: h.grid_id, label: `${h.doorplate}（户主 ${h.head_name}）`, action: action(h.has_records, h.off_register_at) })),
    ...residents.map((r): Absent => ({ entity: 'resident', id: r.id, gridId: r.grid_id, label: `${r.doorplate} ${r.name}`, action: action(r.has_records, r.off_register_at) })),
  ]
}

/** Stored households under these `h|grid|doorplate` keys; locked for the apply on PostgreSQL. */
async function householdsByKey(trx: Kysely<Database>, keys: string[], lock: boolean): Promise<Map<string, HouseholdRow[]>> {
  const out = new Map<string, HouseholdRow[]>()
  if (!keys.length) return out
  const wanted = new Set(keys)
  const parts = keys.map((k) => {
    const cut = k.indexOf('|', 2)
    return { gridId: k.slice(2, cut), key: k.slice(cut + 1) }
  })
  let q = trx
    .selectFrom('households')
    .select(['id', 'grid_id', 'doorplate_key', 'head_name', 'deleted_at', 'off_register_at'])
    .where('grid_id', 'in', [...new Set(parts.map((p) => p.gridId))])
    .where('doorplate_key', 'in', [...new Set(parts.map((p) => p.key))])
    .orderBy('id')
  if (lock) q = q.forUpdate()
  for (const h of await q.execute()) {
    const k = `h|${h.grid_id}|${h.doorplate_key}`
    if (!wanted.has(k)) continue
    const list = out.get(k)
    if (list) list.push(h)
    else out.set(k, [h])
  }
  return out
}

/** Residents of these households, by household and name key. */
async function residentsOf(trx: Kysely<Database>, householdIds: string[]): Promise<Map<string, Map<string, ResidentRow[]>>> {
  const out = new Map<string, Map<string, ResidentRow[]>>()
  for (let i = 0; i < householdIds.length; i += 1000) {
    const rows = await trx
      .selectFrom('residents')
      .select(['id', 'household_id', 'name', 'gender', 'birth_year', 'phone', 'tags', 'relation', 'deleted_at', 'off_register_at'])
      .where('household_id', 'in', householdIds.slice(i, i + 1000))
      .orderBy('id')
      .execute()
    for (const r of rows) {
      let byName = out.get(r.household_id)
      if (!byName) out.set(r.household_id, (byName = new Map()))
      const k = matchKey(r.name)
      const list = byName.get(k)
      if (list) list.push(r)
      else byName.set(k, [r])
    }
  }
  return out
}

const MAX_BIND_PARAMS = 30_000

async function insertMany<T extends 'households' | 'residents'>(trx: Kysely<Database>, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  if (!rows.length) return
  const per = Math.max(1, Math.floor(MAX_BIND_PARAMS / Object.keys(rows[0]).length))
  for (let i = 0; i < rows.length; i += per) await trx.insertInto(table).values(rows.slice(i, i + per)).execute()
}

/**
 * Gives the area's households their doorplate key where they have none yet (made by the demo seed, in the field, or
 * before migration 0008): one statement per page, no change number (the key is the server's own).
 */
export async function fillDoorplateKeys(db: Kysely<Database>, areaId: string): Promise<void> {
  const area = await db.selectFrom('areas').select(['id', 'level']).where('id', '=', areaId).executeTakeFirstOrThrow()
  for (;;) {
    const page = await db
      .selectFrom('households')
      .select(['id', 'doorplate'])
      .where(levelColumn(area.level), '=', area.id)
      .where('doorplate_key', 'is', null)
      .limit(500)
      .execute()
    if (!page.length) return
    const cases = sql.join(page.map((h) => sql`when ${h.id} then ${matchKey(h.doorplate)}`), sql` `)
    await retryOnLock(() =>
      db
        .updateTable('households')
        .set({ doorplate_key: sql<string>`case id ${cases} end` })
        .where('id', 'in', page.map((h) => h.id))
        .execute(),
    )
  }
}
