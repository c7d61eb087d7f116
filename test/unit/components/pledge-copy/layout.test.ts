import { COPY_WIDTH, layoutCopy, wrapText, type CopyData, type CopyLabels } from '../../../../src/components/pledge-copy/layout'

/** Every character is as wide as the font size: enough to test wrapping without a canvas. */
const measure = (text: string, font: string) => Array.from(text).length * Number(/(\d+)px/.exec(font)![1])

const labels: CopyLabels = {
  heading: '居民留存联',
  duplicate: '一式两份',
  doorplate: '门牌',
  signer: '签名人',
  signature: '签名',
  signedAt: '签署时间',
  code: '核验码',
  note: '本承诺书一式两份。',
}

const copy: CopyData = {
  title: '不参与电信网络诈骗活动的承诺书',
  content: '一、不出租、出借、出售本人的银行卡。\n二、不参与“跑分”。',
  doorplate: '幸福村1组1号',
  signerName: '张三',
  signedAt: Date.UTC(2026, 10, 23, 6, 5),
  verificationCode: 'AB12CD34',
}

describe('wrapText', () => {
  it('breaks Chinese text by width and keeps paragraphs', () => {
    expect(wrapText('一二三四五六七', 30, '10px x', measure)).toEqual(['一二三', '四五六', '七'])
    expect(wrapText('甲\n乙', 100, '10px x', measure)).toEqual(['甲', '乙'])
  })

  it('never starts a line with closing punctuation', () => {
    expect(wrapText('一二三，四', 30, '10px x', measure)).toEqual(['一二三，', '四'])
  })
})

describe('layoutCopy', () => {
  it('puts every part of the copy on the picture, in China time, inside the width', () => {
    const layout = layoutCopy(copy, labels, measure)
    const texts = layout.ops.flatMap((op) => (op.kind === 'text' ? [op.text] : []))
    const all = texts.join('\n')
    for (const part of ['居民留存联', copy.title, '门牌：幸福村1组1号', '签名人：张三', '签署时间：2026-11-23 14:05', '核验码：AB12CD34', '二、不参与“跑分”。']) {
      expect(all).toContain(part)
    }
    expect(layout.ops.filter((op) => op.kind === 'image')).toHaveLength(1)
    expect(layout.width).toBe(COPY_WIDTH)
    for (const op of layout.ops) {
      if (op.kind === 'text') expect(op.y).toBeLessThan(layout.height)
    }
  })

  it('grows with the text', () => {
    const short = layoutCopy(copy, labels, measure)
    const long = layoutCopy({ ...copy, content: copy.content.repeat(10) }, labels, measure)
    expect(long.height).toBeGreaterThan(short.height)
  })
})
