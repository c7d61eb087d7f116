// The pad's state, shared by the Taro pad (components/signature-pad) and the resident's H5 page outside Taro
// (src/resident-sign): the ink on the canvas, whether there is any, the message under the pad, and the PNG export.
import { useRef, useState } from 'react'
import { zh } from '../../locales/zh-CN'
import { canvasToPng, type CanvasNode } from '../../platform/canvas-image'
import { Ink, PAD_HEIGHT, PAD_WIDTH, toPad, type InkContext } from './ink'

export interface SignatureImage {
  bytes: ArrayBuffer
  /** Something an Image can show: a data URL on H5, a temporary file path on weapp. */
  src: string
}

export interface InkPad {
  hasInk: boolean
  error: string | null
  /** A canvas of PAD_WIDTH × PAD_HEIGHT is ready to draw on: white paper. */
  attach(ctx: InkContext): void
  clear(): void
  /** The drawing as a PNG, or null (with the reason in `error`) when nothing is signed. */
  take(): Promise<SignatureImage | null>
  /** A position in CSS pixels inside the pad of the given size. */
  penDown(x: number, y: number, w: number, h: number): void
  penMove(x: number, y: number, w: number, h: number): void
  penUp(): void
}

export function useInk(canvasOf: () => CanvasNode | null | undefined, disabled: boolean): InkPad {
  const ink = useRef<Ink | null>(null)
  /** The last export, kept until new ink or 重写 (a second 提交 after a failed upload exports nothing again). */
  const taken = useRef<SignatureImage | null>(null)
  const [hasInk, setHasInk] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const clear = () => {
    ink.current?.clear()
    setHasInk(false)
    setError(null)
    taken.current = null
  }

  const take = async (): Promise<SignatureImage | null> => {
    if (taken.current) return taken.current
    if (!ink.current || ink.current.empty) {
      setError(zh.pledge.pad.empty)
      return null
    }
    // Exporting a canvas and reading back its file ask for no permission: any failure is just a failure.
    const canvas = canvasOf()
    const png = canvas ? await canvasToPng(canvas, { width: PAD_WIDTH, height: PAD_HEIGHT }) : null
    if (!png?.ok) {
      setError(zh.pledge.pad.exportFailed)
      return null
    }
    taken.current = png.value
    setError(null)
    return png.value
  }

  return {
    hasInk,
    error,
    attach(ctx) {
      ink.current = new Ink(ctx)
      ink.current.clear()
    },
    clear,
    take,
    penDown(x, y, w, h) {
      if (disabled || !ink.current) return
      if (!hasInk) setHasInk(true)
      if (error) setError(null)
      taken.current = null
      ink.current.down(toPad(x, y, w, h))
    },
    penMove(x, y, w, h) {
      if (disabled || !ink.current?.drawing) return
      ink.current.move(toPad(x, y, w, h))
    },
    penUp: () => ink.current?.up(),
  }
}
