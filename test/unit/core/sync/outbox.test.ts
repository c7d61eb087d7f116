import { Outbox, OutboxError } from '../../../../src/core/sync/outbox'
import { checkedRecord } from '../../../../src/core/sync/record-check'
import { MemoryStorage } from '../../../helpers/node-ports'
import { visitRecord } from '../../../helpers/records'

describe('Outbox', () => {
  it('keeps records in creation order, one storage key each', async () => {
    const storage = new MemoryStorage()
    const outbox = new Outbox(storage, 'u1')
    const a = visitRecord('h1')
    const b = visitRecord('h2')
    await outbox.add(b, 2)
    await outbox.add(a, 1)
    const items = await outbox.list()
    expect(items.map((i) => i.record.id)).toEqual([a.id, b.id].sort())
    expect((await storage.keys()).filter((k) => k.startsWith('ob:u1:'))).toHaveLength(2)
  })

  it('survives a restart: a new Outbox over the same storage sees the same records', async () => {
    const storage = new MemoryStorage()
    await new Outbox(storage, 'u1').add(visitRecord('h1'), 1)
    const reopened = new Outbox(storage, 'u1')
    expect(await reopened.pending(10)).toHaveLength(1)
  })

  it('stores a double-tapped record once', async () => {
    const outbox = new Outbox(new MemoryStorage(), 'u1')
    const r = visitRecord('h1')
    await outbox.add(r, 1)
    await outbox.add(r, 2)
    expect(await outbox.list()).toHaveLength(1)
  })

  it('refuses an invalid record with a Chinese reason before it is queued', () => {
    const bad = { ...visitRecord('h1'), body: { outcome: 'met' } }
    expect(() => checkedRecord(bad as never)).toThrow(expect.objectContaining({ code: 'RECORD_INVALID', message: expect.stringMatching(/^记录内容有误/) }))
    expect(checkedRecord(visitRecord('h1')).kind).toBe('visit')
  })

  it('keeps each account’s records apart', async () => {
    const storage = new MemoryStorage()
    await new Outbox(storage, 'u1').add(visitRecord('h1'), 1)
    expect(await new Outbox(storage, 'u2').list()).toHaveLength(0)
  })

  it('warns when storage is filling and refuses new records before it is full', async () => {
    const storage = new MemoryStorage(20) // a 20 KB device
    const outbox = new Outbox(storage, 'u1')
    expect((await outbox.storageReport()).level).toBe('ok')
    await storage.set('filler', 'x'.repeat(15 * 1024))
    expect((await outbox.storageReport()).level).toBe('warn')
    await outbox.add(visitRecord('h1'), 1)
    await storage.set('filler', 'x'.repeat(19 * 1024))
    expect((await outbox.storageReport()).level).toBe('full')
    const err = await outbox.add(visitRecord('h2'), 2).catch((e) => e)
    expect(err).toBeInstanceOf(OutboxError)
    expect(err.code).toBe('STORAGE_FULL')
    expect(err.message).toContain('存储空间已满')
    expect(await outbox.list()).toHaveLength(1) // what was saved stays
  })

  it('does not claim a record whose write failed', async () => {
    const outbox = new Outbox(new MemoryStorage(10 * 1024, 0.1), 'u1') // every key over its 0.1 KB cap
    await expect(outbox.add(visitRecord('h1'), 1)).rejects.toThrow(/exceeds/)
    expect(await outbox.list()).toHaveLength(0)
  })

  it('never rewrites the record when its state changes, and purges only synced ones', async () => {
    const outbox = new Outbox(new MemoryStorage(), 'u1')
    const r1 = await outbox.add(visitRecord('h1'), 1)
    const r2 = await outbox.add(visitRecord('h2'), 1)
    await outbox.update(r1, { state: 'synced', syncedAt: 10 })
    await outbox.update(r2, { state: 'rejected', code: 'HOUSEHOLD_NOT_FOUND' })
    const [s1] = await outbox.list()
    expect(s1.record).toEqual(r1.record)
    await outbox.purgeSynced(10)
    const left = await outbox.list()
    expect(left.map((i) => i.state)).toEqual(['rejected'])
  })
})

describe('LocalCache.clear', () => {
  it('removes the grid’s personal data from the phone but leaves the outbox', async () => {
    const { LocalCache } = await import('../../../../src/core/sync/local-cache')
    const storage = new MemoryStorage()
    const outbox = new Outbox(storage, 'u1')
    await outbox.add(visitRecord('h1'), 1)
    const cache = new LocalCache(storage, 'u1')
    await cache.applyPage(
      {
        cursor: '5',
        hasMore: false,
        households: [{ id: 'h1', gridId: 'g', doorplate: '幸福村1组1号', headName: '张三', deleted: false, stats: { visitCount: 0, covered: false, lastVisitAt: null, lastOutcome: null, pledgeCount: 0 } }],
        residents: [{ id: 'r1', householdId: 'h1', name: '张三', birthYear: 1970, gender: 'M', phone: '13812345678', tags: [], deleted: false, installedOn: null, realNameOn: null, warningOnOn: null }],
        campaign: null,
        templates: [],
        materials: [],
        serverTime: new Date().toISOString(),
      },
      1,
    )
    await cache.clear()
    const keys = await storage.keys()
    expect(keys.some((k) => k.startsWith('cache:'))).toBe(false)
    expect(JSON.stringify([...storage.data.values()])).not.toContain('13812345678')
    expect(await new Outbox(storage, 'u1').list()).toHaveLength(1)
    const reopened = new LocalCache(storage, 'u1')
    await reopened.load()
    expect(reopened.cursor).toBe('0')
  })
})
