// The 居民留存联 as a picture: laid out and painted on a canvas (layout.ts), then downloaded on H5. No Taro, so the
// resident's H5 page outside Taro (src/resident-sign) shares it with the app's PledgeCopy.
import { zh } from '../../locales/zh-CN'
import { saveCanvasImage } from '../../platform/canvas-image'
import type { DeviceResult } from '../../platform/device-failure'
import { layoutCopy, paintCopy, type CopyData, type Measure, type PaintContext } from './layout'

export type ImageLike = { onload: ((...args: never[]) => unknown) | null; onerror: ((...args: never[]) => unknown) | null; src: string }

export function loadImage(img: ImageLike, src: string): Promise<ImageLike | null> {
  return new Promise((resolve) => {
    img.onload = () => resolve(img)
    // A copy without the signature picture is still worth keeping; the card above shows what is missing.
    img.onerror = () => resolve(null)
    img.src = src
  })
}

export function measurer(ctx: { font: string; measureText(t: string): { width: number } }): Measure {
  return (text, font) => {
    ctx.font = font
    return ctx.measureText(text).width
  }
}

export const fileName = (code: string) => `承诺书-居民留存联-${code}.png`

/** H5: paints on a detached canvas and starts a download; resolves to an object URL of the PNG for the preview. */
export async function downloadH5(copy: CopyData, signatureSrc: string | null): Promise<DeviceResult<string>> {
  const canvas = document.createElement('canvas')
  const ctx = canvas.getContext('2d')!
  const layout = layoutCopy(copy, zh.pledge.copy, measurer(ctx))
  canvas.width = layout.width
  canvas.height = layout.height
  const sig = signatureSrc ? await loadImage(new window.Image(), signatureSrc) : null
  paintCopy(ctx as unknown as PaintContext, layout, sig)
  return saveCanvasImage(canvas, layout, fileName(copy.verificationCode))
}

