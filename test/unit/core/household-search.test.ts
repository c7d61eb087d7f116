import { indexHouseholds, searchHouseholds } from '../../../src/core/household-search'

const households = [
  { id: 'h1', doorplate: '2栋2单元102室', headName: '李明' },
  { id: 'h2', doorplate: '3栋1单元201室', headName: '王芳' },
  { id: 'h3', doorplate: '幸福路12号', headName: '张建国' },
  { id: 'h4', doorplate: '2栋1单元302室', headName: '赵四' },
]
const residents = [
  { householdId: 'h1', name: '李明', phone: '13812345678' },
  { householdId: 'h1', name: '刘小红', phone: null },
  { householdId: 'h2', name: '王芳', phone: '139 0000 1102' },
  { householdId: 'h3', name: '张建国', phone: '13700005678' },
  { householdId: 'gone', name: '不在列表', phone: '13699999999' },
]
const index = indexHouseholds(households, residents)
const find = (q: string) => searchHouseholds(households, (h) => h.id, index, q).map((h) => h.id)

describe('household search', () => {
  it('returns every household, in the given order, for a blank query', () => {
    expect(find('')).toEqual(['h1', 'h2', 'h3', 'h4'])
    expect(find('  \u3000 ')).toEqual(['h1', 'h2', 'h3', 'h4'])
  })

  it('finds a household by any member, also by part of a name', () => {
    expect(find('刘小红')).toEqual(['h1'])
    expect(find('小红')).toEqual(['h1'])
    expect(find('建')).toEqual(['h3'])
    expect(find('王 芳')).toEqual(['h2'])
  })

  it('finds a household by the last digits of a member phone (3 or more), keeping the list order', () => {
    expect(find('5678')).toEqual(['h1', 'h3'])
    expect(find('45678')).toEqual(['h1'])
    expect(find('1102')).toEqual(['h2'])
    expect(find('１１０２')).toEqual(['h2'])
    // a phone's middle digits are not a tail
    expect(find('1234')).toEqual([])
  })

  it('does not treat two digits as a phone tail', () => {
    expect(find('78')).toEqual([])
  })

  it('finds a doorplate with or without spaces, full-width or not, by its pieces in order', () => {
    expect(find('2栋 102')).toEqual(['h1'])
    expect(find('2栋102')).toEqual(['h1'])
    expect(find('２栋　１０２')).toEqual(['h1'])
    expect(find('2栋2单元102室')).toEqual(['h1'])
    expect(find('2栋')).toEqual(['h1', 'h4'])
    expect(find('幸福路 12')).toEqual(['h3'])
    expect(find('102 2栋')).toEqual([])
    // a space splits two numbers: `12 3` is 12 then 3, not 123
    expect(find('幸福路1 2')).toEqual(['h3'])
    expect(find('幸福路 ２ 号')).toEqual(['h3'])
    expect(find('12 3')).toEqual([])
  })

  it('matches a doorplate number that is also a phone tail either way', () => {
    // 102 is in h1's doorplate and at the end of h2's phone
    expect(find('102')).toEqual(['h1', 'h2'])
  })

  it('ignores residents of households not in the list', () => {
    expect(find('不在列表')).toEqual([])
    expect(find('9999')).toEqual([])
  })
})
