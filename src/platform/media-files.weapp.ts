// The phone's media store in the mini-program: WeChat compresses (an offscreen canvas for screenshots, which
// forces JPEG; compressImage for camera photos), files live under USER_DATA_PATH/media/<sha>.<ext>, which WeChat
// does not reclaim the way it reclaims temp files. Same interface as the H5 store in media-files.ts.
import Taro from '@tarojs/taro'
import { sha256Hex } from '@core/hash'
import { compress, CompressError, keepsOriginal, sniffImageType, type Attempt } from '@core/media/compress-plan'
import { MediaFileError, type LocalMediaStore, type SavedMedia } from '@core/media/local-media'
import type { MediaType } from '@core/media/limits'
import { canUse } from './can-i-use'

const EXT: Record<MediaType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }
const MIME_BY_EXT: Record<string, MediaType> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

const fsm = () => Taro.getFileSystemManager()
const dir = () => `${Taro.env.USER_DATA_PATH}/media`

/** FileSystemManager's callback methods as promises (Taro does not promisify them). */
function fsCall<T>(start: (cb: { success: (res: T) => void; fail: (err: { errMsg: string }) => void }) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => start({ success: resolve, fail: (err) => reject(new Error(err.errMsg)) }))
}

async function fileSize(filePath: string): Promise<number> {
  const res = await fsCall<{ size: number }>((cb) => fsm().getFileInfo({ filePath, ...cb }))
  return res.size
}

async function readAll(filePath: string): Promise<ArrayBuffer> {
  const res = await fsCall<{ data: string | ArrayBuffer }>((cb) => fsm().readFile({ filePath, ...cb }))
  return res.data as ArrayBuffer
}

/** Paths already found on disk, so upload chunk reads do not probe every extension each time. */
const known = new Map<string, string>()

function findPath(sha: string): string | null {
  const hit = known.get(sha)
  if (hit) return hit
  for (const ext of Object.values(EXT)) {
    const p = `${dir()}/${sha}.${ext}`
    try {
      fsm().accessSync(p)
      known.set(sha, p)
      return p
    } catch {
      // not under this extension
    }
  }
  return null
}

async function store(data: ArrayBuffer, mime: MediaType): Promise<SavedMedia> {
  const sha256 = sha256Hex(new Uint8Array(data))
  const filePath = `${dir()}/${sha256}.${EXT[mime]}`
  if (findPath(sha256) !== filePath) {
    try {
      fsm().mkdirSync(dir(), true)
    } catch {
      // already there
    }
    try {
      await fsCall((cb) => fsm().writeFile({ filePath, data, ...cb }))
    } catch (err) {
      // "the maximum size of the file storage limit is exceeded" and its kin.
      throw new MediaFileError('STORAGE', String(err))
    }
    known.set(sha256, filePath)
  }
  return { sha256, bytes: data.byteLength, mime, path: filePath }
}

type Encoder = (a: Attempt) => Promise<{ bytes: number; path: string }>

interface Canvas2D {
  fillStyle: string
  fillRect(x: number, y: number, w: number, h: number): void
  drawImage(img: unknown, x: number, y: number, w: number, h: number): void
}

/** Draws into an offscreen 2d canvas and exports JPEG: the only way to turn a PNG screenshot into a small JPEG. */
function canvasEncoder(src: string): Encoder {
  let canvas: Taro.OffscreenCanvas | null = null
  return async (a) => {
    if (!canvas || canvas.width !== a.width || canvas.height !== a.height) {
      canvas = Taro.createOffscreenCanvas({ type: '2d', width: a.width, height: a.height })
      const img = canvas.createImage()
      await new Promise<void>((resolve, reject) => {
        img.onload = () => resolve()
        img.onerror = (e: unknown) => reject(new Error(`image load failed: ${JSON.stringify(e)}`))
        img.src = src
      })
      const ctx = canvas.getContext('2d') as unknown as Canvas2D
      ctx.fillStyle = '#fff'
      ctx.fillRect(0, 0, a.width, a.height)
      ctx.drawImage(img, 0, 0, a.width, a.height)
    }
    const res = await Taro.canvasToTempFilePath({
      canvas: canvas as unknown as Taro.Canvas,
      fileType: 'jpg',
      quality: a.quality,
      destWidth: a.width,
      destHeight: a.height,
    })
    return { bytes: await fileSize(res.tempFilePath), path: res.tempFilePath }
  }
}

/** WeChat's own compressor: handles camera photos (and their EXIF rotation) natively; sizes from base library 2.26. */
function compressImageEncoder(src: string): Encoder {
  return async (a) => {
    const res = await Taro.compressImage({
      src,
      quality: Math.round(a.quality * 100),
      compressedWidth: a.width,
      compressedHeight: a.height,
    })
    return { bytes: await fileSize(res.tempFilePath), path: res.tempFilePath }
  }
}

const ROTATED = ['left', 'right', 'left-mirrored', 'right-mirrored']

const weapp: LocalMediaStore = {
  async saveImageFromTempPath(tempPath) {
    let info: Taro.getImageInfo.SuccessCallbackResult
    let bytes: number
    try {
      info = await Taro.getImageInfo({ src: tempPath })
      bytes = await fileSize(tempPath)
    } catch (err) {
      throw new MediaFileError('UNREADABLE', String(err))
    }
    // A photo taken sideways reports its stored size; the ladder plans on the size as shown.
    const turned = ROTATED.includes(String(info.orientation))
    const size = turned ? { width: info.height, height: info.width } : { width: info.width, height: info.height }
    const mime = MIME_BY_EXT[info.type === 'jpeg' ? 'jpg' : info.type] ?? null
    if (mime && keepsOriginal({ ...size, bytes, mime })) return store(await readAll(tempPath), mime)

    // Screenshots are PNG and compressImage ignores quality for PNG, so they go through the canvas first.
    // compressImage takes a target size from base library 2.26 (project.config.json's libVersion); an older one
    // ignores it, so there the canvas does both tries.
    const native = canUse('compressImage.object.compressedWidth') ? compressImageEncoder(tempPath) : canvasEncoder(tempPath)
    const [first, second] = mime === 'image/png' ? [canvasEncoder(tempPath), native] : [native, canvasEncoder(tempPath)]
    let out: { bytes: number; path: string }
    try {
      out = (await compress(size, first).catch((err) => (err instanceof CompressError ? Promise.reject(err) : compress(size, second)))).result
    } catch (err) {
      if (err instanceof CompressError) throw new MediaFileError('TOO_LARGE', err.message)
      throw new MediaFileError('UNREADABLE', String(err))
    }
    const data = await readAll(out.path)
    const outMime = sniffImageType(new Uint8Array(data, 0, Math.min(12, data.byteLength)))
    if (!outMime) throw new MediaFileError('UNREADABLE', 'compressed file has an unknown type')
    return store(data, outMime)
  },

  async savePngBytes(bytes) {
    if (sniffImageType(new Uint8Array(bytes, 0, Math.min(12, bytes.byteLength))) !== 'image/png') {
      throw new MediaFileError('UNREADABLE', 'not a PNG')
    }
    return store(bytes, 'image/png')
  },

  async readMediaChunk(sha, offset, length) {
    const filePath = findPath(sha)
    if (!filePath) throw new MediaFileError('MISSING', sha)
    const size = await fileSize(filePath)
    const n = Math.max(0, Math.min(length, size - offset))
    if (n === 0) return new Uint8Array(0)
    // position/length reads (base library 2.10) keep a chunk read from loading the whole file.
    const res = await fsCall<{ data: string | ArrayBuffer }>((cb) => fsm().readFile({ filePath, position: offset, length: n, ...cb }))
    return new Uint8Array(res.data as ArrayBuffer)
  },

  async mediaSize(sha) {
    const filePath = findPath(sha)
    return filePath ? fileSize(filePath).catch(() => null) : null
  },

  async mediaUrl(sha) {
    return findPath(sha)
  },

  async removeMedia(sha) {
    const filePath = findPath(sha)
    known.delete(sha)
    if (filePath) await fsCall((cb) => fsm().unlink({ filePath, ...cb })).catch(() => undefined)
  },
}

export const { saveImageFromTempPath, savePngBytes, readMediaChunk, mediaSize, mediaUrl, removeMedia } = weapp
