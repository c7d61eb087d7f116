// The pad's <canvas> in a browser: pointer events, so mouse, pen and touch draw alike. Plain DOM (no Taro), shared by
// the Taro pad on H5 and the resident's H5 page outside Taro.
import { useEffect, useRef, type PointerEvent } from 'react'
import { PAD_HEIGHT, PAD_WIDTH, type InkContext } from './ink'
import type { InkPad } from './use-ink'

export const PAD_ID = 'signature-pad'

interface Props {
  pad: InkPad
  /** Receives the element, for the PNG export. */
  canvasRef: { current: HTMLCanvasElement | null }
}

export default function PadCanvas({ pad, canvasRef }: Props) {
  const attached = useRef(false)
  useEffect(() => {
    const c = canvasRef.current
    const ctx = c?.getContext('2d')
    if (!c || !ctx || attached.current) return
    attached.current = true
    c.width = PAD_WIDTH
    c.height = PAD_HEIGHT
    pad.attach(ctx as unknown as InkContext)
  })
  const at = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect()
    return [e.clientX - r.left, e.clientY - r.top, r.width, r.height] as const
  }
  return (
    <canvas
      id={PAD_ID}
      ref={canvasRef}
      className='fz-sign__canvas'
      onPointerDown={(e) => {
        e.preventDefault()
        e.currentTarget.setPointerCapture?.(e.pointerId)
        pad.penDown(...at(e))
      }}
      onPointerMove={(e) => pad.penMove(...at(e))}
      onPointerUp={pad.penUp}
      onPointerCancel={pad.penUp}
    />
  )
}
