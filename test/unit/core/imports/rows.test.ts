// A register row: every reason at once; what the ID number gives when nothing else does; a staff row's area.
import { readRegisterRow, readStaffRow } from '@core/imports/rows'

describe('register rows', () => {
  it('reads a full row', () => {
    const r = readRegisterRow(
      { c: { grid: '第1网格', doorplate: ' 幸福路 8号 ', head: '王建国', name: '王建国', gender: '男', birth: '1962-03-15', phone: '13911112222', relation: '本人', tags: '老年人' } },
      2026,
    )
    expect(r).toMatchObject({ ok: true, value: { doorplate: '幸福路 8号', doorplateKey: '幸福路8号', isHead: true, relation: '户主', birthYear: 1962, gender: 'M', tags: ['老年人'] } })
  })

  it('gives every reason at once, and still says which household it is', () => {
    const r = readRegisterRow({ c: { grid: '第1网格', doorplate: '1号', name: '李四', gender: '未知', birth: '19xx' } }, 2026)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.reasons).toHaveLength(2)
      expect(r.partial).toEqual({ area: { grid: '第1网格' }, doorplateKey: '1号', nameKey: '李四' })
    }
  })

  it('takes birth year and gender from the ID number only when the row gives none', () => {
    const fromId = { y: 1990, g: 'F' as const }
    expect(readRegisterRow({ c: { grid: 'g', doorplate: '1', name: '甲' }, id: fromId }, 2026)).toMatchObject({ value: { birthYear: 1990, gender: 'F' } })
    expect(readRegisterRow({ c: { grid: 'g', doorplate: '1', name: '甲', age: '30', gender: '男' }, id: fromId }, 2026)).toMatchObject({
      value: { birthYear: 1996, gender: 'M' },
    })
    const bad = readRegisterRow({ c: { grid: 'g', doorplate: '1', name: '甲' }, id: { e: '身份证号校验位不正确' } }, 2026)
    expect(bad.ok).toBe(false)
    expect(readRegisterRow({ c: { grid: 'g', doorplate: '1', name: '甲', birth: '1990' }, id: { e: 'x' } }, 2026).ok).toBe(true)
  })

  it('refuses a name with digits (a shifted column)', () => {
    expect(readRegisterRow({ c: { grid: 'g', doorplate: '1', name: '13800138000' } }, 2026).ok).toBe(false)
  })
})

describe('staff rows', () => {
  it('reads roles by their usual names and the area path up to the role’s level', () => {
    expect(readStaffRow({ c: { name: '张三', phone: '138 0013 8000', role: '网格员', area: '青禾县/城关镇/东街社区/第1网格' } }, '青禾县')).toEqual({
      ok: true,
      value: {
        name: '张三',
        phone: '13800138000',
        role: 'worker',
        area: { town: '城关镇', village: '东街社区', grid: '第1网格' },
        path: ['城关镇', '东街社区', '第1网格'],
      },
    })
    expect(readStaffRow({ c: { name: '李四', phone: '13900139000', role: '村书记', village: '东街社区' } }, '青禾县')).toMatchObject({
      value: { role: 'village_head', area: { village: '东街社区' } },
    })
    expect(readStaffRow({ c: { name: '王五', phone: '13700137000', role: '镇（街道）工作人员', area: '城关镇' } }, '青禾县')).toMatchObject({ value: { role: 'town_official' } })
  })

  it('needs a mobile number and a known role', () => {
    const r = readStaffRow({ c: { name: '张三', role: '保安' } }, '青禾县')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reasons).toHaveLength(2)
  })
})
