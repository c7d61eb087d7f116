// Reading import cells: dates, ages, ID numbers, phones, tags, and reasons that never repeat an ID number.
import { matchKey } from '@core/imports/keys'
import { parseAge, parseBirthDate, parseGender, parseIdNumber, parseMobile, parsePhone, parseTags, quoteCell } from '@core/imports/values'

/** An 18-digit ID with a correct check character (area 110101, the given birth date and sequence). */
function idNumber(birth: string, seq: string): string {
  const body = `110101${birth}${seq}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = w.reduce((s, x, i) => s + x * Number(body[i]), 0)
  return body + '10X98765432'[sum % 11]
}

describe('matchKey', () => {
  it('folds spaces, full-width forms, case, dashes and dots', () => {
    expect(matchKey('2栋 102')).toBe(matchKey('２栋１０２'))
    expect(matchKey('A座－3')).toBe(matchKey('a座-3'))
    expect(matchKey('阿依·古丽')).toBe(matchKey('阿依・古丽'))
    expect(matchKey('李 明')).toBe('李明')
    expect(matchKey('2栋102')).not.toBe(matchKey('2栋2单元102室'))
  })
})

describe('birth year', () => {
  it.each([
    ['1980-05-03', 1980],
    ['1980/5/3', 1980],
    ['1980.5.3', 1980],
    ['1980年5月3日', 1980],
    ['1980年5月', 1980],
    ['1980-05', 1980],
    ['1980.05', 1980],
    ['19800503', 1980],
    ['198005', 1980],
    ['1980年', 1980],
    ['1980', 1980],
    ['1980-05-03 00:00:00', 1980],
    ['２０１０－０１－０２', 2010],
  ])('%s → %d', (text, year) => {
    expect(parseBirthDate(text, 2026)).toEqual({ ok: true, value: year })
  })

  it.each(['1980-13-01', '1980-02-30', '三月', '1850-01-01', '2030', ''])('refuses %s', (text) => {
    const r = parseBirthDate(text, 2026)
    expect(r.ok).toBe(false)
  })

  it('takes an age in years of this year', () => {
    expect(parseAge('45', 2026)).toEqual({ ok: true, value: 1981 })
    expect(parseAge('45岁', 2026)).toEqual({ ok: true, value: 1981 })
    expect(parseAge('45周岁', 2026)).toEqual({ ok: true, value: 1981 })
    expect(parseAge('四十五', 2026).ok).toBe(false)
    expect(parseAge('130', 2026).ok).toBe(false)
  })
})

describe('ID numbers', () => {
  it('give birth year and gender, and are checked', () => {
    expect(parseIdNumber(idNumber('19800503', '123'), 2026)).toEqual({ ok: true, value: { birthYear: 1980, gender: 'M' } })
    expect(parseIdNumber(idNumber('19921231', '124'), 2026)).toEqual({ ok: true, value: { birthYear: 1992, gender: 'F' } })
    expect(parseIdNumber('110101800503123', 2026)).toEqual({ ok: true, value: { birthYear: 1980, gender: 'M' } })
    const good = idNumber('19800503', '123')
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    const r = parseIdNumber(bad, 2026)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).not.toContain(bad.slice(0, 6))
    expect(parseIdNumber(idNumber('19801340', '123'), 2026).ok).toBe(false)
  })

  it('never appear in a quoted cell', () => {
    const id = idNumber('19800503', '123')
    expect(quoteCell(id)).not.toContain(id)
    expect(quoteCell(`身份证${id}`)).not.toContain('19800503')
    expect(quoteCell('幸福路8号')).toBe('「幸福路8号」')
  })
})

describe('other cells', () => {
  it('reads gender words', () => {
    expect(parseGender('男')).toEqual({ ok: true, value: 'M' })
    expect(parseGender('女性')).toEqual({ ok: true, value: 'F' })
    expect(parseGender('F')).toEqual({ ok: true, value: 'F' })
    expect(parseGender('未知').ok).toBe(false)
  })

  it('reads phones', () => {
    expect(parsePhone('+86 138 0013 8000')).toEqual({ ok: true, value: '13800138000' })
    expect(parsePhone('138-0013-8000；13900139000')).toEqual({ ok: true, value: '13800138000' })
    expect(parsePhone('0571-87654321')).toEqual({ ok: true, value: '0571-87654321' })
    expect(parsePhone('12345').ok).toBe(false)
    expect(parseMobile('0571-87654321').ok).toBe(false)
  })

  it('reads tags as a set in the order written', () => {
    expect(parseTags('老年人、重点人群, 老年人')).toEqual({ ok: true, value: ['老年人', '重点人群'] })
    expect(parseTags('学生 / 留守儿童')).toEqual({ ok: true, value: ['学生', '留守儿童'] })
  })
})

describe('an ID number outside its column', () => {
  it('is refused wherever a name or place is read', async () => {
    const { ID_HIDDEN, parsePersonName, parsePlace } = await import('@core/imports/values')
    expect(parsePlace(ID_HIDDEN, '门牌号')).toEqual({ ok: false, reason: '门牌号中有疑似身份证号的内容，请检查是否错列' })
    expect(parsePersonName(ID_HIDDEN).ok).toBe(false)
    expect(parsePersonName(idNumber('19800503', '123')).ok).toBe(false)
  })
})
