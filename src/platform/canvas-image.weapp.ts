// Pictures drawn on a 2d <Canvas> in the mini-program: exported to a temp PNG, then read back as bytes (the
// signature) or saved to the photo album (the 居民留存联). Same interface as canvas-image.ts for H5.
import Taro from '@tarojs/taro'
import { attempt, type DeviceResult } from './device-failure'

/** The node of a <Canvas type='2d'> here; a <canvas> element on H5. */
export type CanvasNode = object

export interface CanvasSize {
  width: number
  height: number
}

async function toTempPng(canvas: CanvasNode, size: CanvasSize): Promise<string> {
  const res = await Taro.canvasToTempFilePath({
    canvas: canvas as Taro.Canvas,
    fileType: 'png',
    destWidth: size.width,
    destHeight: size.height,
  } as Taro.canvasToTempFilePath.Option)
  return res.tempFilePath
}

function readFileBytes(filePath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({ filePath, success: (res) => resolve(res.data as ArrayBuffer), fail: reject })
  })
}

/** The drawing as PNG bytes, with something an <Image> can show (a temp file path here). */
export function canvasToPng(canvas: CanvasNode, size: CanvasSize): Promise<DeviceResult<{ src: string; bytes: ArrayBuffer }>> {
  return attempt(async () => {
    const src = await toTempPng(canvas, size)
    return { src, bytes: await readFileBytes(src) }
  })
}

/** Saves the drawing to the photo album (the first time WeChat asks for the album permission); resolves to its temp path. */
export function saveCanvasImage(canvas: CanvasNode, size: CanvasSize, _fileName: string): Promise<DeviceResult<string>> {
  return attempt(async () => {
    const filePath = await toTempPng(canvas, size)
    await Taro.saveImageToPhotosAlbum({ filePath })
    return filePath
  }, 'album')
}
