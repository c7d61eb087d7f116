import { maskName, maskPhone } from '../../../src/core/mask'

describe('masking', () => {
  it('masks the middle four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('138 1234 5678')).toBe('138****5678')
  })
  it('keeps only the last two digits of a short number and nothing of an empty one', () => {
    expect(maskPhone('5551234')).toBe('*****34')
    expect(maskPhone(null)).toBe('')
  })
  it('keeps the first and last character of a name', () => {
    expect(maskName('张建明')).toBe('张*明')
    expect(maskName('欧阳娜娜')).toBe('欧**娜')
    expect(maskName('李四')).toBe('李*')
    expect(maskName('王')).toBe('王')
  })
})
