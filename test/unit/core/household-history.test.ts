import { householdHistory, installHistory } from '../../../src/core/household-history'
import type { HouseholdView } from '../../../src/core/schemas/household-view'
import type { FieldRecord } from '../../../src/core/schemas/record'
import type { OutboxItem } from '../../../src/core/sync/outbox'
import { visitRecord } from '../../helpers/records'

const SHA = 'b'.repeat(64)

function view(over: Partial<HouseholdView> = {}): HouseholdView {
  return {
    household: {
      id: 'h1',
      doorplate: '2栋2单元102室',
      headName: '李明',
      gridId: 'g',
      gridName: '一网格',
      visited: true,
      lastVisitAt: '2026-10-20T02:00:00.000Z',
      lastOutcome: 'met',
      pledgeCount: 1,
      targetResidents: 1,
      missingInstallSteps: 1,
      visitCount: 1,
      deleted: false,
    },
    fullPhones: true,
    residents: [
      { id: 'r1', name: '李明', age: 40, gender: 'M', tags: [], phone: null, inTarget: true, installedOn: '2026-10-20', realNameOn: null, warningOnOn: null, screenshotShas: [SHA] },
      { id: 'r2', name: '李小小', age: 8, gender: 'F', tags: [], phone: null, inTarget: false, installedOn: null, realNameOn: null, warningOnOn: null, screenshotShas: [] },
    ],
    pledges: [{ recordId: 'p1', signerName: '李明', signedAt: '2026-10-20T02:10:00.000Z', verificationCode: 'ABCD1234', duplicate: false, signatureSha: SHA }],
    handouts: [
      { recordId: 'o1', materialName: '防诈手册', quantity: 2, handedAt: '2026-10-20T02:20:00.000Z' },
      { recordId: 'o1', materialName: '宣传折页', quantity: 1, handedAt: '2026-10-20T02:20:00.000Z' },
    ],
    visits: [{ recordId: 'v1', outcome: 'met', visitedAt: '2026-10-20T02:00:00.000Z', notes: '讲了冒充客服', byName: '王网格' }],
    ...over,
  }
}

const item = (record: FieldRecord, state: OutboxItem['state']): OutboxItem => ({ record, state, queuedAt: Date.now() })
const localVisit = (householdId = 'h1') => visitRecord(householdId, 'not_home') as FieldRecord

describe('householdHistory', () => {
  it('lists the server copy newest first: visits with who, pledges per signer, one hand-out per record', () => {
    const list = householdHistory('h1', view(), [], '我')
    expect(list.map((e) => [e.id, e.kind, e.label])).toEqual([
      ['o1', 'handout', '资料发放'],
      ['p1', 'pledge', '承诺书'],
      ['v1', 'visit', '见面宣传'],
    ])
    expect(list[0].detail).toBe('防诈手册 2 份、宣传折页 1 份')
    expect(list[1].detail).toContain('签署人 李明')
    expect(list[2]).toMatchObject({ by: '王网格', notes: '讲了冒充客服', state: 'server' })
  })

  it('adds this phone’s records the server copy lacks, with their outbox state, and only this household’s', () => {
    const mine = localVisit()
    const list = householdHistory('h1', view(), [item(mine, 'pending'), item(localVisit('h2'), 'pending')], '王网格')
    expect(list[0]).toMatchObject({ id: mine.id, state: 'pending', label: '不在家', by: '王网格' })
    expect(list).toHaveLength(4)
  })

  it('lists a synced record once when both the outbox and the server copy have it', () => {
    const mine = localVisit()
    const server = view({ visits: [{ recordId: mine.id, outcome: 'not_home', visitedAt: mine.createdAt, notes: '', byName: '王网格' }] })
    const list = householdHistory('h1', server, [item(mine, 'synced')], '王网格')
    expect(list.filter((e) => e.id === mine.id)).toEqual([expect.objectContaining({ state: 'server' })])
  })

  it('shows only local records without a server copy, or with a copy of another household', () => {
    const mine = localVisit()
    expect(householdHistory('h1', null, [item(mine, 'rejected')], '我').map((e) => e.state)).toEqual(['rejected'])
    expect(householdHistory('h2', view(), [], '我')).toEqual([])
  })
})

describe('installHistory', () => {
  it('lists residents with a step done or a screenshot, with dates and screenshots', () => {
    expect(installHistory(view())).toEqual([{ residentId: 'r1', name: '李明', steps: [{ step: 'installed', doneOn: '2026-10-20' }], screenshotShas: [SHA] }])
    expect(installHistory(null)).toEqual([])
  })
})
