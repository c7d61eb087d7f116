import { FieldRecordSchema, canonicalJson } from '../../../../src/core/schemas/record'
import { parseStoredRecord } from '../../../../src/core/schemas/stored-record'

const stored = canonicalJson(
  FieldRecordSchema.parse({
    id: '01936b2e-7a00-7000-8000-000000000001',
    kind: 'install',
    householdId: 'h1',
    deviceId: 'd1',
    createdAt: '2026-11-20T08:00:00+08:00',
    body: { residentId: 'r1', steps: [{ step: 'installed', doneOn: '2026-11-20' }], screenshotShas: ['a'.repeat(64)] },
  }),
)

describe('parseStoredRecord', () => {
  it('reads a stored record back as its kind, defaults included', () => {
    const r = parseStoredRecord('install', stored)
    expect(r.body).toEqual({ residentId: 'r1', steps: [{ step: 'installed', doneOn: '2026-11-20' }], screenshotShas: ['a'.repeat(64)], notes: '' })
    expect(r.replaces).toBeNull()
  })

  it('refuses a body of another kind or one its schema does not accept', () => {
    expect(() => parseStoredRecord('handout', stored)).toThrow()
    expect(() => parseStoredRecord('install', stored.replace('"installed"', '"uninstalled"'))).toThrow()
  })
})
