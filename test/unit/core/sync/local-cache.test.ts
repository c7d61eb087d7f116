import { LocalCache } from '../../../../src/core/sync/local-cache'
import type { PullResponse } from '../../../../src/core/schemas/sync'
import { MemoryStorage } from '../../../helpers/node-ports'

const page = (extra: Partial<PullResponse>): PullResponse => ({
  cursor: '1',
  hasMore: false,
  households: [],
  residents: [],
  campaign: null,
  templates: [],
  materials: [],
  serverTime: new Date().toISOString(),
  ...extra,
})

describe('LocalCache catalogue', () => {
  it('keeps the pledge template and materials of the last pull across a restart, for offline signing', async () => {
    const storage = new MemoryStorage()
    const cache = new LocalCache(storage, 'u1')
    await cache.load()
    expect(cache.templates()).toEqual([])
    const template = { id: 'tpl-c1-v1', title: '承诺书', content: '本人承诺……', version: 1, contentHash: 'a'.repeat(64) }
    const material = { id: 'mat-card', name: '警民防骗卡', needsReceipt: true }
    await cache.applyPage(page({ templates: [template], materials: [material] }), 1)

    const reopened = new LocalCache(storage, 'u1')
    await reopened.load()
    expect(reopened.templates()).toEqual([template])
    expect(reopened.materials()).toEqual([material])

    // A newer version replaces the old one; sign-out forgets both.
    const v2 = { ...template, id: 'tpl-c1-v2', version: 2 }
    await reopened.applyPage(page({ cursor: '2', templates: [v2], materials: [material] }), 2)
    expect(reopened.templates()).toEqual([v2])
    await reopened.clear()
    expect(reopened.templates()).toEqual([])
  })
})
