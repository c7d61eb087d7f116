// The phone's media store on H5 (and the default for platforms without a variant): a canvas compresses, IndexedDB
// keeps the bytes under their sha256. WeChat's variant is media-files.weapp.ts; both export LocalMediaStore.
import { sha256Hex } from '@core/hash'
import { compress, CompressError, keepsOriginal, sniffImageType, type Attempt } from '@core/media/compress-plan'
import { MediaFileError, type LocalMediaStore, type SavedMedia } from '@core/media/local-media'
import type { MediaType } from '@core/media/limits'

const DB_NAME = 'fanzha-media'
const STORE = 'files'

interface StoredFile {
  mime: MediaType
  bytes: number
  data: ArrayBuffer
}

let dbPromise: Promise<IDBDatabase> | null = null

function openDb(): Promise<IDBDatabase> {
  if (!dbPromise) {
    dbPromise = new Promise<IDBDatabase>((resolve, reject) => {
      if (typeof indexedDB === 'undefined') return reject(new MediaFileError('STORAGE', 'no IndexedDB'))
      const req = indexedDB.open(DB_NAME, 1)
      req.onupgradeneeded = () => req.result.createObjectStore(STORE)
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(new MediaFileError('STORAGE', String(req.error)))
    }).catch((err) => {
      dbPromise = null // a later call may succeed (e.g. after the user frees space)
      throw err
    })
  }
  return dbPromise
}

/** One request in its own transaction; resolves when the transaction commits, so a write is durable. */
async function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb()
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode)
    const req = op(tx.objectStore(STORE))
    tx.oncomplete = () => resolve(req.result)
    tx.onabort = tx.onerror = () => reject(new MediaFileError('STORAGE', String(tx.error ?? req.error)))
  })
}

const getFile = (sha: string) => run<StoredFile | undefined>('readonly', (s) => s.get(sha) as IDBRequest<StoredFile | undefined>)

/** blob: URLs live as long as the page; one per file, revoked when the file is removed. */
const urls = new Map<string, string>()

function urlFor(sha: string, file: StoredFile): string {
  let url = urls.get(sha)
  if (!url) {
    url = URL.createObjectURL(new Blob([file.data], { type: file.mime }))
    urls.set(sha, url)
  }
  return url
}

async function store(data: ArrayBuffer, mime: MediaType): Promise<SavedMedia> {
  const sha256 = sha256Hex(new Uint8Array(data))
  const file: StoredFile = { mime, bytes: data.byteLength, data }
  // Same sha, same bytes: writing again is harmless, so a double tap or a retry needs no check.
  await run('readwrite', (s) => s.put(file, sha256))
  return { sha256, bytes: file.bytes, mime, path: urlFor(sha256, file) }
}

interface Decoded {
  source: CanvasImageSource
  width: number
  height: number
  close(): void
}

async function decode(blob: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(blob, { imageOrientation: 'from-image' })
      return { source: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() }
    } catch {
      // Older WebViews reject the options bag or some formats; <img> below still decodes them.
    }
  }
  const url = URL.createObjectURL(blob)
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => undefined }
  } catch (err) {
    throw new MediaFileError('UNREADABLE', String(err))
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** Canvas encoder for the compress ladder: redraws only when the size changes, then toBlob at each quality. */
function canvasEncoder(img: Decoded) {
  const canvas = document.createElement('canvas')
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new MediaFileError('UNREADABLE', 'no 2d canvas')
  return async (a: Attempt): Promise<{ bytes: number; blob: Blob }> => {
    if (canvas.width !== a.width || canvas.height !== a.height) {
      canvas.width = a.width
      canvas.height = a.height
      // JPEG has no transparency: a transparent PNG would otherwise turn black.
      ctx.fillStyle = '#fff'
      ctx.fillRect(0, 0, a.width, a.height)
      ctx.imageSmoothingEnabled = true
      ctx.imageSmoothingQuality = 'high'
      ctx.drawImage(img.source, 0, 0, a.width, a.height)
    }
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', a.quality))
    if (!blob) throw new MediaFileError('UNREADABLE', 'canvas.toBlob gave nothing')
    return { bytes: blob.size, blob }
  }
}

const h5: LocalMediaStore = {
  async saveImageFromTempPath(tempPath) {
    let original: Blob
    try {
      original = await (await fetch(tempPath)).blob()
    } catch (err) {
      throw new MediaFileError('UNREADABLE', String(err))
    }
    const head = new Uint8Array(await original.slice(0, 12).arrayBuffer())
    const mime = sniffImageType(head)
    const img = await decode(original)
    try {
      if (mime && keepsOriginal({ width: img.width, height: img.height, bytes: original.size, mime })) {
        return await store(await original.arrayBuffer(), mime)
      }
      const { result } = await compress(img, canvasEncoder(img))
      return await store(await result.blob.arrayBuffer(), 'image/jpeg')
    } catch (err) {
      if (err instanceof CompressError) throw new MediaFileError('TOO_LARGE', err.message)
      throw err
    } finally {
      img.close()
    }
  },

  async savePngBytes(bytes) {
    if (sniffImageType(new Uint8Array(bytes, 0, Math.min(12, bytes.byteLength))) !== 'image/png') {
      throw new MediaFileError('UNREADABLE', 'not a PNG')
    }
    return store(bytes, 'image/png')
  },

  async readMediaChunk(sha, offset, length) {
    const file = await getFile(sha)
    if (!file) throw new MediaFileError('MISSING', sha)
    return new Uint8Array(file.data.slice(offset, offset + length))
  },

  async mediaSize(sha) {
    return (await getFile(sha))?.bytes ?? null
  },

  async mediaUrl(sha) {
    const cached = urls.get(sha)
    if (cached) return cached
    const file = await getFile(sha)
    return file ? urlFor(sha, file) : null
  },

  async removeMedia(sha) {
    await run('readwrite', (s) => s.delete(sha))
    const url = urls.get(sha)
    if (url) URL.revokeObjectURL(url)
    urls.delete(sha)
  },
}

export const { saveImageFromTempPath, savePngBytes, readMediaChunk, mediaSize, mediaUrl, removeMedia } = h5
