// Header rows: the template's names, the names counties' own sheets use, remarks in brackets.
import { mapHeader, missingColumns, templateColumns } from '@core/imports/columns'

describe('header mapping', () => {
  it('knows the variations counties write', () => {
    const header = mapHeader('register', ['序号', '所属网格', '住址', '户主姓名', '姓名', '性别', '出生年月', '公民身份号码', '联系电话', '与户主关系', '人员类别'])
    expect([...header.entries()]).toEqual([
      [1, 'grid'],
      [2, 'doorplate'],
      [3, 'head'],
      [4, 'name'],
      [5, 'gender'],
      [6, 'birth'],
      [7, 'idNumber'],
      [8, 'phone'],
      [9, 'relation'],
      [10, 'tags'],
    ])
    expect(missingColumns('register', header)).toEqual([])
  })

  it('folds full-width brackets, remarks and stars', () => {
    const header = mapHeader('register', ['网格*', '门牌号（必填）', '姓名 ', '出生日期(年月日)', '年龄（岁）', '手机'])
    expect([...header.values()]).toEqual(['grid', 'doorplate', 'name', 'birth', 'age', 'phone'])
  })

  it('says which required columns are missing', () => {
    expect(missingColumns('register', mapHeader('register', ['姓名', '性别']))).toEqual(['网格', '门牌号'])
    expect(missingColumns('staff', mapHeader('staff', ['姓名', '手机号', '角色', '所属网格']))).toEqual([])
    expect(missingColumns('staff', mapHeader('staff', ['姓名', '手机号', '角色']))).toEqual(['所属区域或镇（街道）或村（社区）或网格'])
  })

  it('keeps the first of two columns with one meaning', () => {
    expect([...mapHeader('register', ['地址', '门牌号']).entries()]).toEqual([[0, 'doorplate']])
  })

  it('templates read back as their own header', () => {
    for (const kind of ['areas', 'staff', 'register'] as const) {
      const cols = templateColumns(kind)
      expect([...mapHeader(kind, cols.map((c) => c.label)).values()]).toEqual(cols.map((c) => c.key))
    }
  })
})
