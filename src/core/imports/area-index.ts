// Finding an area by the names a spreadsheet gives (镇, 村, 网格) inside the area an import is for.
//
// Names match by key (keys.ts). A row names the deepest level it means and, where names repeat, the levels above:
// `第1网格` alone is enough when only one village of the import's area has a 第1网格; otherwise the row must also
// say which village (and, across towns, which town), and says so in its reason.
import type { AreaLevel } from '../schemas/auth'
import { matchKey } from './keys'
import type { Parsed } from './values'

export interface AreaNode {
  id: string
  level: AreaLevel
  parentId: string | null
  name: string
}

export interface AreaNames {
  town?: string
  village?: string
  grid?: string
}

export const LEVEL_LABEL: Record<AreaLevel, string> = { county: '县', town: '镇（街道）', village: '村（社区）', grid: '网格' }
const PATH_LEVELS = ['town', 'village', 'grid'] as const
type PathLevel = (typeof PATH_LEVELS)[number]

export class AreaIndex {
  private readonly byId = new Map<string, AreaNode>()
  private readonly byLevelName = new Map<string, AreaNode[]>()
  /** Each area's name key, worked out once. */
  private readonly keyOf = new Map<string, string>()

  /** `nodes`: the import's area and everything below it. */
  constructor(readonly root: AreaNode, nodes: Iterable<AreaNode>) {
    this.add(root)
    for (const n of nodes) if (n.id !== root.id) this.add(n)
  }

  add(node: AreaNode): void {
    this.byId.set(node.id, node)
    this.keyOf.set(node.id, matchKey(node.name))
    const k = `${node.level}|${this.keyOf.get(node.id)}`
    const list = this.byLevelName.get(k)
    if (list) list.push(node)
    else this.byLevelName.set(k, [node])
  }

  get(id: string): AreaNode | undefined {
    return this.byId.get(id)
  }

  /** The ancestor (or the node itself) at `level`. */
  ancestorAt(node: AreaNode, level: AreaLevel): AreaNode | undefined {
    let n: AreaNode | undefined = node
    while (n && n.level !== level) n = n.parentId ? this.byId.get(n.parentId) : undefined
    return n
  }

  /** `城关镇/东街社区/第1网格` for a grid (levels above the import's area are left out). */
  pathOf(node: AreaNode): string {
    const names: string[] = []
    for (let n: AreaNode | undefined = node; n && n.level !== 'county'; n = n.parentId ? this.byId.get(n.parentId) : undefined) {
      names.unshift(n.name)
    }
    return names.join('/')
  }

  /** The child of `parentId` with this name, if any. */
  child(parentId: string, level: AreaLevel, name: string): AreaNode | undefined {
    return this.byLevelName.get(`${level}|${matchKey(name)}`)?.find((n) => n.parentId === parentId)
  }

  /** The area the names point at, at the deepest level named. */
  find(names: AreaNames): Parsed<AreaNode> {
    const deepest = [...PATH_LEVELS].reverse().find((l) => names[l])
    if (!deepest) return { ok: false, reason: '没有填写所属区域（镇、村、网格）' }
    return this.findAt(names, deepest)
  }

  findAt(names: AreaNames, level: PathLevel): Parsed<AreaNode> {
    const name = names[level]
    if (!name) return { ok: false, reason: `没有填写${LEVEL_LABEL[level]}` }
    // A level at or above the import's area may be named only as that area itself.
    const above = PATH_LEVELS.slice(0, PATH_LEVELS.indexOf(level))
    let found = this.byLevelName.get(`${level}|${matchKey(name)}`) ?? []
    for (const l of above) {
      const given = names[l]
      if (!given) continue
      const key = matchKey(given)
      found = found.filter((n) => {
        const a = this.ancestorAt(n, l)
        return a !== undefined && this.keyOf.get(a.id) === key
      })
    }
    if (found.length === 1) return { ok: true, value: found[0] }
    const where = above.map((l) => names[l]).filter(Boolean).join('/')
    if (found.length === 0) {
      const unknown = above.find((l) => names[l] && !(this.byLevelName.get(`${l}|${matchKey(names[l]!)}`)?.length ?? 0))
      if (unknown === this.root.level) {
        return { ok: false, reason: `${LEVEL_LABEL[unknown]}「${names[unknown]}」不在本次导入的范围（${this.root.name}）内` }
      }
      if (unknown) return { ok: false, reason: `找不到${LEVEL_LABEL[unknown]}「${names[unknown]}」，请先导入区域或核对名称` }
      return { ok: false, reason: `找不到${LEVEL_LABEL[level]}「${name}」${where ? `（在${where}下）` : ''}，请先导入区域或核对名称` }
    }
    // Only levels below the import's area can tell two areas apart.
    const depth = (l: AreaLevel) => ['county', 'town', 'village', 'grid'].indexOf(l)
    const missing = above.filter((l) => !names[l] && depth(l) > depth(this.root.level)).map((l) => LEVEL_LABEL[l])
    return {
      ok: false,
      reason: `${LEVEL_LABEL[level]}「${name}」有 ${found.length} 个同名${where ? `（在${where}下）` : ''}，请填写${missing.join('、') || '更完整的名称'}加以区分`,
    }
  }
}

/** `城关镇/东街社区/第1网格` → its parts; `/`, `>`, `\`, `|` (half or full width) separate them. */
export function splitAreaPath(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[/>\\|→]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/**
 * Names for the levels down to `level` from a path, read from its end: a grid worker's `东街社区/第1网格` is a
 * village and a grid; a leading county name (`青禾县/城关镇`) is dropped.
 */
export function namesFromPath(parts: readonly string[], level: PathLevel, countyName: string): AreaNames {
  const rest = parts.length > 0 && matchKey(parts[0]) === matchKey(countyName) ? parts.slice(1) : [...parts]
  const levels = PATH_LEVELS.slice(0, PATH_LEVELS.indexOf(level) + 1)
  const out: AreaNames = {}
  for (let i = 0; i < levels.length && i < rest.length; i++) {
    out[levels[levels.length - 1 - i]] = rest[rest.length - 1 - i]
  }
  return out
}
