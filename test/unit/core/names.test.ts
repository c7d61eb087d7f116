import fc from 'fast-check'
import { nameKey } from '../../../src/core/names'
import { signerKey } from '../../../src/core/schemas/pledge'

describe('nameKey', () => {
  it.each([
    ['张 三', '张三'],
    ['张\u3000三', '张三'],
    ['\u200b张\u200d三\ufeff', '张三'],
    ['\u202e张三\u202c', '张三'],
    ['\u2066张\u00ad三\u2069', '张三'],
    ['张\ufe0f三\u034f', '张三'],
    ['ＬＩ　ＭＩＮＧ', 'liming'],
    ['阿卜杜・热合曼', '阿卜杜热合曼'],
    ['阿卜杜.热合曼', '阿卜杜热合曼'],
    ['王ー', '王一'],
    ['王—', '王一'],
    ['田ロ', '田口'],
    ['⼭本', '山本'], // Kangxi radical 山 (U+2F2D), folded by NFKC
    ['Аnna', 'anna'], // Cyrillic А
  ])('folds %j to %j', (name, key) => {
    expect(nameKey(name)).toBe(key)
  })

  it('keeps different names apart', () => {
    expect(nameKey('张三')).not.toBe(nameKey('张山'))
    expect(nameKey('李明')).not.toBe(nameKey('李明明'))
    expect(nameKey('王一')).not.toBe(nameKey('王二'))
  })

  it('gives the pledge signerKey of a name-only signer (a name typed two ways is one signer)', () => {
    expect(signerKey({ residentId: null, signerName: '张 三' })).toBe('n:张三')
    expect(signerKey({ residentId: null, signerName: '张\u200b三' })).toBe('n:张三')
  })

  it('is idempotent on any text', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: fc.constantFrom(...'张三 \u3000\u200b\u202e·・.ーロ○Ａa\u0301\u00a8\u0308İẞϴ\u3164\u1160ﾟ'.split('')), maxLength: 12 }),
    )
    fc.assert(fc.property(text, (s) => nameKey(nameKey(s)) === nameKey(s)), { numRuns: 2000 })
  })
})
