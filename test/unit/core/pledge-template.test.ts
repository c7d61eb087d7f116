import { createHash } from 'node:crypto'
import {
  nextTemplateVersion,
  normaliseTemplateText,
  pickCurrentTemplate,
  templateContentHash,
  templateId,
} from '../../../src/core/pledge-template'

const place = { townId: 't1', countyId: 'c1' }

describe('template content hash', () => {
  it('is SHA-256 of title, newline, text in UTF-8, as any other SHA-256 tool computes it', () => {
    const t = { title: '不参与电信网络诈骗活动的承诺书', content: '一、不出租、出借银行卡。\n二、不参与“跑分”。' }
    const expected = createHash('sha256').update(`${t.title}\n${t.content}`, 'utf8').digest('hex')
    expect(templateContentHash(t)).toBe(expected)
  })

  it('changes with any character of title or text, and does not confuse where the title ends', () => {
    const base = templateContentHash({ title: '承诺书', content: '正文' })
    expect(templateContentHash({ title: '承诺书', content: '正文。' })).not.toBe(base)
    expect(templateContentHash({ title: '承诺', content: '书正文' })).not.toBe(base)
  })

  it('hashes the same text the same whatever the line endings it was typed with', () => {
    const typed = normaliseTemplateText('  一、不出租银行卡。\r\n二、不参与跑分。\r三、及时举报。\n\n ')
    expect(typed).toBe('一、不出租银行卡。\n二、不参与跑分。\n三、及时举报。')
    expect(templateContentHash({ title: 'T', content: typed })).toBe(templateContentHash({ title: 'T', content: normaliseTemplateText(typed) }))
  })
})

describe('current version', () => {
  const county = [
    { areaId: 'c1', version: 1 },
    { areaId: 'c1', version: 2 },
  ]

  it('is the county’s newest while the town has none', () => {
    expect(pickCurrentTemplate(county, place)).toEqual({ areaId: 'c1', version: 2 })
  })

  it('is the town’s newest once the town has one, even when the county’s number is higher', () => {
    const versions = [...county, { areaId: 't1', version: 1 }, { areaId: 'c1', version: 3 }]
    expect(pickCurrentTemplate(versions, place)).toEqual({ areaId: 't1', version: 1 })
  })

  it('ignores other towns’ versions', () => {
    expect(pickCurrentTemplate([...county, { areaId: 't2', version: 5 }], place)).toEqual({ areaId: 'c1', version: 2 })
  })

  it('is the county’s for a county administrator (no town), and none when nothing is set', () => {
    expect(pickCurrentTemplate([...county, { areaId: 't1', version: 4 }], { townId: null, countyId: 'c1' })).toEqual({ areaId: 'c1', version: 2 })
    expect(pickCurrentTemplate([], place)).toBeNull()
  })
})

describe('versioning', () => {
  it('counts per area from 1', () => {
    const versions = [
      { areaId: 'c1', version: 1 },
      { areaId: 'c1', version: 2 },
      { areaId: 't1', version: 1 },
    ]
    expect(nextTemplateVersion(versions, 'c1')).toBe(3)
    expect(nextTemplateVersion(versions, 't1')).toBe(2)
    expect(nextTemplateVersion(versions, 't2')).toBe(1)
  })

  it('names each version after its area and number', () => {
    expect(templateId('c1', 1)).toBe('tpl-c1-v1')
    expect(templateId('t1', 3)).toBe('tpl-t1-v3')
  })
})
