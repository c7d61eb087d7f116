import { randomBytes } from 'node:crypto'
import { UUID_RE, uuidv7, uuidv7Time } from '../../../src/core/ids'

const rnd = (n: number) => new Uint8Array(randomBytes(n))

describe('uuidv7', () => {
  it('makes RFC 9562 version-7 ids that carry their millisecond', () => {
    const t = Date.UTC(2026, 10, 23, 10, 0, 0, 123)
    const id = uuidv7(t, rnd)
    expect(id).toMatch(UUID_RE)
    expect(id[14]).toBe('7')
    expect(uuidv7Time(id)).toBe(t)
  })

  it('stays strictly increasing for a burst inside one millisecond', () => {
    const t = Date.UTC(2026, 10, 23, 10, 0, 1)
    const ids = Array.from({ length: 5000 }, () => uuidv7(t, rnd))
    const sorted = [...ids].sort()
    expect(sorted).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('does not go backwards when the clock does', () => {
    const a = uuidv7(Date.UTC(2026, 10, 23, 10, 0, 5), rnd)
    const b = uuidv7(Date.UTC(2026, 10, 23, 9, 0, 0), rnd)
    expect(b > a).toBe(true)
  })
})
