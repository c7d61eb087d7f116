// Pictures drawn on a <canvas> on H5: read back as PNG bytes (the signature) or downloaded as a file (the
// 居民留存联). No Taro call is needed here; the weapp twin is canvas-image.weapp.ts, with the same interface.
import type { DeviceResult } from './device-failure'

/** A <canvas> element here; the node of a <Canvas type='2d'> on weapp. */
export type CanvasNode = object

export interface CanvasSize {
  width: number
  height: number
}

/** The drawing as PNG bytes, with something an <Image> can show (a data URL here). The canvas already has its size. */
export async function canvasToPng(canvas: CanvasNode, _size: CanvasSize): Promise<DeviceResult<{ src: string; bytes: ArrayBuffer }>> {
  try {
    const src = (canvas as HTMLCanvasElement).toDataURL('image/png')
    const binary = atob(src.slice(src.indexOf(',') + 1))
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return { ok: true, value: { src, bytes: bytes.buffer } }
  } catch (err) {
    return { ok: false, kind: 'failed', message: String(err) }
  }
}

/**
 * Starts a download of the drawing as `fileName`; resolves to an object URL of the PNG, which the caller shows
 * (browsers such as WeChat's ignore downloads, so the picture is kept on the page to long-press) and revokes.
 */
export async function saveCanvasImage(canvas: CanvasNode, _size: CanvasSize, fileName: string): Promise<DeviceResult<string>> {
  const blob = await new Promise<Blob | null>((resolve) => (canvas as HTMLCanvasElement).toBlob(resolve, 'image/png'))
  if (!blob) return { ok: false, kind: 'failed', message: 'canvas.toBlob gave nothing' }
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  return { ok: true, value: href }
}
