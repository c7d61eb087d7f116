// The worker's offline copy of their grid (households, residents, campaign), kept in chunked storage keys.
import type { Material } from '../schemas/handout'
import type { PledgeTemplate } from '../schemas/pledge'
import type { Campaign, Household, PullResponse, Resident } from '../schemas/sync'
import type { KeyValueStorage } from './ports'

const CHUNK = 200 // ~200 households or residents per key: tens of KB, far under WeChat's 1 MB per key

interface CacheMeta {
  cursor: string
  lastPullAt: number | null
  campaign: Campaign | null
  /** The town's pledge template(s) and material catalogue: small, so they live in the meta key. */
  templates?: PledgeTemplate[]
  materials?: Material[]
}

export class LocalCache {
  private households = new Map<string, Household>()
  private residents = new Map<string, Resident>()
  private meta: CacheMeta = { cursor: '0', lastPullAt: null, campaign: null }
  private loaded = false
  private readonly prefix: string

  constructor(private readonly storage: KeyValueStorage, ownerId: string) {
    this.prefix = `cache:${ownerId}:`
  }

  async load(): Promise<void> {
    if (this.loaded) return
    const rawMeta = await this.storage.get(this.prefix + 'meta')
    if (rawMeta) this.meta = JSON.parse(rawMeta) as CacheMeta
    for (const h of await this.readChunks<Household>('hh')) this.households.set(h.id, h)
    for (const r of await this.readChunks<Resident>('rs')) this.residents.set(r.id, r)
    this.loaded = true
  }

  get cursor(): string {
    return this.meta.cursor
  }

  get lastPullAt(): number | null {
    return this.meta.lastPullAt
  }

  get campaign(): Campaign | null {
    return this.meta.campaign
  }

  templates(): PledgeTemplate[] {
    return this.meta.templates ?? []
  }

  materials(): Material[] {
    return this.meta.materials ?? []
  }

  /** Live households (deleted ones are dropped from the list). */
  listHouseholds(): Household[] {
    return [...this.households.values()].filter((h) => !h.deleted)
  }

  getHousehold(id: string): Household | undefined {
    return this.households.get(id)
  }

  /** Live residents of every household (the list's search looks through all of them). */
  listResidents(): Resident[] {
    return [...this.residents.values()].filter((r) => !r.deleted)
  }

  residentsOf(householdId: string): Resident[] {
    return [...this.residents.values()].filter((r) => r.householdId === householdId && !r.deleted)
  }

  /** Members the field marked 迁出 (kept by the pull as deleted rows), whom 返乡 can bring back. */
  movedOutOf(householdId: string): Resident[] {
    return [...this.residents.values()].filter((r) => r.householdId === householdId && r.deleted && r.rosterStatus === 'moved_out')
  }

  /**
   * Applies one pull page. Rows are written before the cursor, so a crash in between only means the page is
   * pulled again, and applying it twice changes nothing.
   */
  async applyPage(page: PullResponse, now: number): Promise<void> {
    for (const h of page.households) this.households.set(h.id, h)
    for (const r of page.residents) this.residents.set(r.id, r)
    if (page.households.length) await this.writeChunks('hh', [...this.households.values()])
    if (page.residents.length) await this.writeChunks('rs', [...this.residents.values()])
    this.meta = {
      cursor: page.cursor,
      lastPullAt: now,
      campaign: page.campaign ?? this.meta.campaign,
      // Every page carries the current catalogue whole, so the latest page replaces it.
      templates: page.templates,
      materials: page.materials,
    }
    await this.storage.set(this.prefix + 'meta', JSON.stringify(this.meta))
  }

  /** Forgets the grid (residents' names and phones included) on sign-out; the next sign-in pulls it afresh. */
  async clear(): Promise<void> {
    for (const key of await this.storage.keys()) {
      if (key.startsWith(this.prefix)) await this.storage.remove(key)
    }
    this.households.clear()
    this.residents.clear()
    this.meta = { cursor: '0', lastPullAt: null, campaign: null }
  }

  private async readChunks<T>(name: string): Promise<T[]> {
    const out: T[] = []
    for (let i = 0; ; i++) {
      const raw = await this.storage.get(`${this.prefix}${name}:${i}`)
      if (!raw) return out
      out.push(...(JSON.parse(raw) as T[]))
    }
  }

  private async writeChunks<T>(name: string, rows: T[]): Promise<void> {
    let i = 0
    for (; i * CHUNK < rows.length; i++) {
      await this.storage.set(`${this.prefix}${name}:${i}`, JSON.stringify(rows.slice(i * CHUNK, (i + 1) * CHUNK)))
    }
    // A shrinking list leaves no stale chunk behind: readChunks stops at the first gap.
    await this.storage.remove(`${this.prefix}${name}:${i}`)
  }
}
