// The area tree import: rows of 镇（街道）/ 村（社区）/ 网格 names under the import's area. A row makes whatever levels
// of its path do not exist yet (matched by name key under the same parent: `东街 社区` is `东街社区`) and changes
// nothing that exists: renaming or removing an area is done one at a time in the app, never by a file.
//
// Examples, importing for 青禾县: `城关镇 | 东街社区 | 第1网格` makes the three if new; a second row
// `城关镇 | 东街社区 | 第2网格` makes only the grid; `| 东街社区 | 第3网格` is refused (which town?). Importing for
// 城关镇, the town column may be left empty or must say 城关镇.
import type { AreaIndex, AreaNode } from '@core/imports/area-index'
import { LEVEL_LABEL } from '@core/imports/area-index'
import { matchKey } from '@core/imports/keys'
import { readAreaRow } from '@core/imports/rows'
import type { AreaLevel } from '@core/schemas/auth'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { refreshGridTallies } from './grid-tallies'
import { areaPlace, bump, loadAreaIndex, newId, refused, type ImportHandler, type RowResult } from './import-pass'

interface AreasState {
  index: AreaIndex
  /** Existing areas the file names (counted once each as unchanged). */
  seen: Set<string>
  /** Areas this pass made (in the check: would make). */
  made: Set<string>
  /** Next sort number under a parent. */
  nextSort: Map<string, number>
}

const PATH: readonly ('town' | 'village' | 'grid')[] = ['town', 'village', 'grid']

export const areasImport: ImportHandler<AreasState> = {
  entities: ['areas'],

  async begin(ctx) {
    return { index: await loadAreaIndex(ctx.db.kysely, ctx.job.areaId), seen: new Set(), made: new Set(), nextSort: new Map() }
  },

  async batch(trx, ctx, st, rows) {
    const root = st.index.root
    const results: RowResult[] = []
    const created: { node: AreaNode; sort: number }[] = []
    for (const r of rows) {
      const read = readAreaRow(r.cells)
      if (!read.ok) {
        results.push(refused(read.reasons.join('；')))
        continue
      }
      const names = read.value.names
      if (root.level === 'grid') {
        results.push(refused('网格以下没有可导入的区域'))
        continue
      }
      // Levels at or above the import's area may only repeat it; below it, none may be skipped.
      const below = PATH.slice(PATH.indexOf(root.level as 'town') + 1)
      const above = PATH.filter((l) => !below.includes(l))
      const wrong = above.find((l) => names[l] && matchKey(names[l]!) !== matchKey(st.index.ancestorAt(root, l)?.name ?? ''))
      if (wrong) {
        results.push(refused(`${LEVEL_LABEL[wrong]}「${names[wrong]}」不在本次导入的范围（${root.name}）内`))
        continue
      }
      const gap = below.findIndex((l, i) => !names[l] && below.slice(i + 1).some((d) => names[d]))
      if (gap >= 0) {
        const deeper = below.slice(gap + 1).find((d) => names[d])!
        results.push(refused(`填写了${LEVEL_LABEL[deeper]}，但没有填写${LEVEL_LABEL[below[gap]]}`))
        continue
      }
      if (!below.some((l) => names[l])) {
        results.push(refused(`没有填写${LEVEL_LABEL[below[0]]}（本次导入为${root.name}之下的区域）`))
        continue
      }
      let parent = root
      const made: AreaNode[] = []
      for (const level of below) {
        const name = names[level]
        if (!name) break
        let node = st.index.child(parent.id, level, name)
        if (!node) {
          node = { id: newId(ctx.now), level: level as AreaLevel, parentId: parent.id, name }
          st.index.add(node)
          st.made.add(node.id)
          made.push(node)
          created.push({ node, sort: await nextSort(trx, st, parent.id) })
          bump(ctx.counts, 'areas', 'created')
        } else if (!st.made.has(node.id)) {
          st.seen.add(node.id)
        }
        parent = node
      }
      results.push(
        made.length
          ? { outcome: 'created', message: `新增${made.map((n) => `${LEVEL_LABEL[n.level]}「${st.index.pathOf(n)}」`).join('、')}` }
          : { outcome: 'unchanged', message: `已有「${st.index.pathOf(parent)}」` },
      )
    }
    if (ctx.mode === 'apply' && created.length) {
      await trx
        .insertInto('areas')
        .values(
          created.map(({ node, sort }) => ({
            id: node.id,
            level: node.level,
            parent_id: node.parentId,
            name: node.name,
            ...areaPlace(st.index, node, ctx.job.countyId),
            sort,
          })),
        )
        .execute()
      // Every grid has its tally row from the start, so dashboards list it with zeros.
      await refreshGridTallies(trx, created.filter((c) => c.node.level === 'grid').map((c) => c.node.id))
    }
    return results
  },

  async finish(ctx, st) {
    ctx.counts.entities.areas.unchanged = st.seen.size
  },
}

async function nextSort(trx: Kysely<Database>, st: AreasState, parentId: string): Promise<number> {
  let next = st.nextSort.get(parentId)
  if (next === undefined) {
    const row = await trx
      .selectFrom('areas')
      .select((eb) => eb.fn.max('sort').as('max'))
      .where('parent_id', '=', parentId)
      .executeTakeFirst()
    next = Number(row?.max ?? 0) + 1
  }
  st.nextSort.set(parentId, next + 1)
  return next
}
