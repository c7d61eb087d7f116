// The staff list import: people (姓名, 手机号, 角色, 所属区域) made into accounts without any code — 绑定码 and
// login codes are issued one person at a time (services/staff.ts), so a file never hands out a credential.
//
// A person is their mobile number: a number already on an account updates that account's name, role and area
// (a move: access moves with the person, their records keep the grid they were made in); a new number makes an
// account. A number on an account outside the import's area, or on a stopped account, is refused, as is the same
// number twice in one file. The role must fit the area: 网格员 a grid, 村（社区）负责人 a village, 镇（街道）工作人员 a
// town, 县级管理员 the county (only in an import for the whole county). Nobody is removed or stopped by an import.
import type { AreaIndex, AreaNode } from '@core/imports/area-index'
import { LEVEL_LABEL } from '@core/imports/area-index'
import { readStaffRow, type StaffRow } from '@core/imports/rows'
import { maskPhone } from '@core/mask'
import { ROLE_LABEL, ROLE_LEVELS, type AreaLevel, type Role } from '@core/schemas/auth'
import { recordAudit } from './audit'
import { insertKeys, keysIn } from '../queries/imports'
import { bump, loadAreaIndex, newId, refused, type ImportHandler, type RowResult } from './import-pass'

interface StaffState {
  index: AreaIndex
  countyName: string
}

export const staffImport: ImportHandler<StaffState> = {
  entities: ['users'],

  async begin(ctx) {
    const index = await loadAreaIndex(ctx.db.kysely, ctx.job.areaId)
    const county = await ctx.db.kysely.selectFrom('areas').select('name').where('id', '=', ctx.job.countyId).executeTakeFirstOrThrow()
    return { index, countyName: county.name }
  },

  async batch(trx, ctx, st, rows) {
    const results: RowResult[] = new Array(rows.length)
    const items: { i: number; row: StaffRow; area: AreaNode }[] = []
    rows.forEach((r, i) => {
      const read = readStaffRow(r.cells, st.countyName)
      if (!read.ok) return void (results[i] = refused(read.reasons.join('；')))
      const area = areaFor(st.index, read.value)
      if (!area.ok) return void (results[i] = refused(area.reason))
      items.push({ i, row: read.value, area: area.value })
    })
    const staged = await keysIn(trx, ctx.job.id, items.map((it) => `u|${it.row.phone}`))
    const phones = [...new Set(items.map((it) => it.row.phone))]
    const existing = phones.length
      ? await trx.selectFrom('users').selectAll().where('phone', 'in', phones).orderBy('created_at').execute()
      : []
    const byPhone = new Map<string, (typeof existing)[number]>()
    for (const u of existing) if (!byPhone.has(u.phone!)) byPhone.set(u.phone!, u)

    const met = new Map<string, string>()
    const keys: { key: string; ref: string; row_no: number; extra: string }[] = []
    for (const it of items) {
      const src = rows[it.i]
      const prev = staged.get(`u|${it.row.phone}`)?.extra ?? met.get(it.row.phone)
      if (prev !== undefined) {
        results[it.i] = refused(`手机号 ${maskPhone(it.row.phone)} 与${prev}重复`)
        continue
      }
      const u = byPhone.get(it.row.phone)
      if (u && !st.index.get(u.area_id)) {
        results[it.i] = refused(`手机号 ${maskPhone(it.row.phone)} 已是其他区域人员（${u.name}）的账号，不在本次导入范围内`)
        continue
      }
      if (u && u.deactivated_at !== null) {
        results[it.i] = refused(`手机号 ${maskPhone(it.row.phone)} 的账号（${u.name}）已停用，请先在人员管理中恢复`)
        continue
      }
      met.set(it.row.phone, src.source)
      const where = st.index.pathOf(it.area) || it.area.name
      if (!u) {
        const id = newId(ctx.now)
        keys.push({ key: `u|${it.row.phone}`, ref: id, row_no: src.rowNo, extra: src.source })
        bump(ctx.counts, 'users', 'created')
        results[it.i] = { outcome: 'created', message: `新增${ROLE_LABEL[it.row.role]}（${where}），尚未发放绑定码` }
        if (ctx.mode === 'apply') {
          await trx
            .insertInto('users')
            .values({
              id,
              name: it.row.name,
              role: it.row.role,
              area_id: it.area.id,
              phone: it.row.phone,
              login_code_hash: null,
              bind_code_hash: null,
              wx_openid: null,
              created_at: ctx.now,
            })
            .execute()
          await recordAudit(trx, {
            at: ctx.now,
            userId: ctx.job.userId,
            action: 'user.create',
            entity: 'user',
            entityId: id,
            detail: { role: it.row.role, areaId: it.area.id, importId: ctx.job.id },
          })
        }
        continue
      }
      keys.push({ key: `u|${it.row.phone}`, ref: u.id, row_no: src.rowNo, extra: src.source })
      const set: { name?: string; role?: Role; area_id?: string } = {}
      const labels: string[] = []
      if (u.name !== it.row.name) {
        set.name = it.row.name
        labels.push(`姓名改为「${it.row.name}」`)
      }
      if (u.role !== it.row.role) {
        set.role = it.row.role
        labels.push(`角色改为${ROLE_LABEL[it.row.role]}`)
      }
      if (u.area_id !== it.area.id) {
        set.area_id = it.area.id
        labels.push(`调至「${where}」`)
      }
      if (!labels.length) {
        bump(ctx.counts, 'users', 'unchanged')
        results[it.i] = { outcome: 'unchanged', message: '' }
        continue
      }
      bump(ctx.counts, 'users', 'updated')
      results[it.i] = { outcome: 'updated', message: labels.join('；') }
      if (ctx.mode === 'apply') {
        await trx.updateTable('users').set(set).where('id', '=', u.id).execute()
        await recordAudit(trx, {
          at: ctx.now,
          userId: ctx.job.userId,
          action: set.area_id ? 'user.move' : 'user.update',
          entity: 'user',
          entityId: u.id,
          detail: { ...set, importId: ctx.job.id },
        })
      }
    }
    await insertKeys(trx, keys.map((k) => ({ import_id: ctx.job.id, grid_id: null, ...k })))
    return results
  },

  async finish() {},
}

/** The level a row's role works at: a 核查员 at the town the row names (or the import's town), else the county. */
function levelOf(index: AreaIndex, row: StaffRow): AreaLevel {
  const levels = ROLE_LEVELS[row.role]
  if (levels.length === 1) return levels[0]
  return row.area.town || index.root.level === 'town' ? 'town' : 'county'
}

/** The area the row names, at the level its role works at. */
function areaFor(index: AreaIndex, row: StaffRow): { ok: true; value: AreaNode } | { ok: false; reason: string } {
  const level = levelOf(index, row)
  if (level === 'county') {
    if (index.root.level !== 'county') return { ok: false, reason: `只有为全县导入时才能导入${ROLE_LABEL[row.role]}` }
    return { ok: true, value: index.root }
  }
  if (!row.area.town && !row.area.village && !row.area.grid) {
    // An import for a town (or village) may leave the area empty for people of that very area.
    if (index.root.level === level) return { ok: true, value: index.root }
    return { ok: false, reason: `没有填写所属区域（${ROLE_LABEL[row.role]}须属于某个${LEVEL_LABEL[level]}）` }
  }
  const tooShort = `${ROLE_LABEL[row.role]}须属于某个${LEVEL_LABEL[level]}，请填写到${LEVEL_LABEL[level]}`
  if (!row.area[level as 'town']) return { ok: false, reason: tooShort }
  const found = index.findAt(row.area, level as 'town')
  // `新河镇/新河村` for a grid worker: read from its end it names no grid, read from its start it stops at a village.
  const levels = ['town', 'village', 'grid']
  if (!found.ok && row.path && row.path.length < levels.indexOf(level) + 1 && index.find({ town: row.path[0] }).ok) {
    return { ok: false, reason: `${tooShort}（「${row.path.join('/')}」只到${LEVEL_LABEL[levels[row.path.length - 1] as 'town']}）` }
  }
  return found
}
