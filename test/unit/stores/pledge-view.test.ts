import { currentTemplate, linkNonce, localPledges, signPageUrl } from '../../../src/stores/pledge-view'
import type { PledgeTemplate } from '../../../src/core/schemas/pledge'
import type { FieldRecord } from '../../../src/core/schemas/record'
import type { OutboxItem } from '../../../src/core/sync/outbox'
import { readSignLink } from '../../../src/core/sign-link'
import { newId, visitRecord } from '../../helpers/records'

const tpl = (id: string, version: number): PledgeTemplate => ({ id, title: 't', content: 'c', version, contentHash: 'a'.repeat(64) })

function pledgeItem(householdId: string, state: OutboxItem['state'] = 'pending'): OutboxItem {
  const at = new Date().toISOString()
  const record = {
    id: newId(),
    kind: 'pledge',
    householdId,
    replaces: null,
    deviceId: 'd',
    createdAt: at,
    body: { templateId: 't1', templateHash: 'a'.repeat(64), signerName: '张三', residentId: null, signatureSha: 'b'.repeat(64), signedAt: at, channel: 'worker_device' },
  } as FieldRecord
  return { record, state, queuedAt: 1 }
}

describe('currentTemplate', () => {
  it('is the newest version, or null before the first pull', () => {
    expect(currentTemplate([])).toBeNull()
    expect(currentTemplate([tpl('v1', 1), tpl('v3', 3), tpl('v2', 2)])?.id).toBe('v3')
  })
})

describe('localPledges', () => {
  it('lists this household’s pledges newest first, refused ones too, and nothing else', () => {
    const a = pledgeItem('h1')
    const b = pledgeItem('h1', 'rejected')
    const other = pledgeItem('h2')
    const visit: OutboxItem = { record: visitRecord('h1') as FieldRecord, state: 'pending', queuedAt: 1 }
    expect(localPledges([a, visit, other, b], 'h1').map((i) => i.record.id)).toEqual([b.record.id, a.record.id])
  })
})

describe('signPageUrl', () => {
  it('points at sign.html, the H5 build’s signing page, with the token intact', () => {
    const token = 'eyJ1IjoidTEiLCJoIjoiaDEiLCJ0IjoidCIsInYiOiJ2IiwiaWF0IjoxLCJuIjoibiIsImV4cCI6Mn0.c2ln'
    const link = signPageUrl('https://fz.example.cn/', token)
    expect(link).toBe(`https://fz.example.cn/sign.html#/pages/sign/index?token=${token}`)
    expect(readSignLink(new URL(link).hash.split('token=')[1])?.h).toBe('h1')
  })
})

describe('linkNonce', () => {
  it('is 32 hex characters from 16 random bytes', () => {
    expect(linkNonce((n) => new Uint8Array(n).fill(0xab))).toBe('ab'.repeat(16))
  })
})
