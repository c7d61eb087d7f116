import { Ink, MIN_INK_LENGTH, PAD_HEIGHT, PAD_WIDTH, bytesToBase64, toPad, type InkContext } from '../../../../src/components/signature-pad/ink'

/** Records the drawing calls instead of drawing. */
function fakeContext(): InkContext & { calls: string[] } {
  const calls: string[] = []
  const log = (name: string) => (...args: number[]) => void calls.push(`${name}(${args.map((a) => Math.round(a)).join(',')})`)
  return {
    calls,
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    fillRect: log('fillRect'),
    beginPath: log('beginPath'),
    moveTo: log('moveTo'),
    lineTo: log('lineTo'),
    quadraticCurveTo: log('quadraticCurveTo'),
    arc: log('arc'),
    fill: log('fill'),
    stroke: log('stroke'),
  }
}

describe('Ink', () => {
  it('starts on white paper and counts a tap as no signature', () => {
    const ctx = fakeContext()
    const ink = new Ink(ctx)
    ink.clear()
    expect(ctx.calls[0]).toBe(`fillRect(0,0,${PAD_WIDTH},${PAD_HEIGHT})`)
    ink.down({ x: 10, y: 10 })
    ink.move({ x: 12, y: 11 })
    ink.up()
    expect(ink.empty).toBe(true)
  })

  it('accepts a stroke of real length, and clear() forgets it', () => {
    const ink = new Ink(fakeContext())
    ink.down({ x: 0, y: 100 })
    for (let x = 10; x <= MIN_INK_LENGTH + 10; x += 10) ink.move({ x, y: 100 })
    ink.up()
    expect(ink.empty).toBe(false)
    expect(ink.drawing).toBe(false)
    ink.clear()
    expect(ink.empty).toBe(true)
  })

  it('ignores moves without the pen down (a mouse passing over the pad)', () => {
    const ctx = fakeContext()
    const ink = new Ink(ctx)
    ink.move({ x: 100, y: 100 })
    expect(ctx.calls).toEqual([])
    expect(ink.length).toBe(0)
  })
})

describe('toPad', () => {
  it('scales screen pixels to PNG pixels and keeps the point on the paper', () => {
    expect(toPad(175, 87.5, 350, 175)).toEqual({ x: PAD_WIDTH / 2, y: PAD_HEIGHT / 2 })
    expect(toPad(-5, 400, 350, 175)).toEqual({ x: 0, y: PAD_HEIGHT })
  })
})

describe('base64', () => {
  it('matches Node for every padding length', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 255]) {
      const bytes = new Uint8Array(Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255))
      const b64 = bytesToBase64(bytes)
      expect(b64).toBe(Buffer.from(bytes).toString('base64'))
    }
  })
})
