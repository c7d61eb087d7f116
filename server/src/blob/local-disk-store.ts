// BlobStore on the local disk: blobs at <root>/ab/cd/<key>, uploads in progress at <root>/.partial/<key>.
//
// Two levels of two hex characters keep any one directory at a few hundred entries even with millions of
// files. Whole blobs are written to <root>/.tmp and renamed into place, so a crash never leaves half a file
// under a real key; a finished upload is synced and renamed the same way. The temporary and partial
// directories live under the root so every rename stays on one filesystem and is atomic.
import fsp from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Readable } from 'node:stream'
import { PartOffsetError, assertSafeKey, type BlobStore, type PartInfo } from './blob-store'

export class LocalDiskStore implements BlobStore {
  constructor(readonly root: string) {}

  async has(key: string): Promise<boolean> {
    return (await this.size(key)) !== null
  }

  async size(key: string): Promise<number | null> {
    return statSize(this.blobPath(key))
  }

  async put(key: string, data: Buffer | Readable): Promise<void> {
    const final = this.blobPath(key)
    const tmp = path.join(this.root, '.tmp', `${key}.${randomBytes(6).toString('hex')}`)
    await fsp.mkdir(path.dirname(tmp), { recursive: true })
    try {
      const handle = await fsp.open(tmp, 'wx')
      try {
        if (Buffer.isBuffer(data)) await handle.writeFile(data)
        else for await (const chunk of data) await handle.writeFile(chunk as Buffer)
        await handle.datasync()
      } finally {
        await handle.close()
      }
      await fsp.mkdir(path.dirname(final), { recursive: true })
      await fsp.rename(tmp, final)
    } catch (err) {
      await fsp.rm(tmp, { force: true })
      throw err
    }
  }

  async get(key: string): Promise<Readable | null> {
    try {
      const handle = await fsp.open(this.blobPath(key), 'r')
      return handle.createReadStream()
    } catch (err) {
      if (isMissing(err)) return null
      throw err
    }
  }

  async remove(key: string): Promise<void> {
    await fsp.rm(this.blobPath(key), { force: true })
  }

  async partSize(uploadKey: string): Promise<number> {
    return (await statSize(this.partPath(uploadKey))) ?? 0
  }

  async appendPart(uploadKey: string, offset: number, chunk: Buffer): Promise<void> {
    const file = this.partPath(uploadKey)
    await fsp.mkdir(path.dirname(file), { recursive: true })
    const handle = await fsp.open(file, 'a')
    try {
      const { size } = await handle.stat()
      if (size !== offset) throw new PartOffsetError(offset, size)
      // Not synced: after a crash the part may come back shorter, /status then reports less and the
      // device resends the rest. The sha-256 check at the end catches anything worse.
      await handle.writeFile(chunk)
    } finally {
      await handle.close()
    }
  }

  async readPart(uploadKey: string): Promise<Buffer | null> {
    try {
      return await fsp.readFile(this.partPath(uploadKey))
    } catch (err) {
      if (isMissing(err)) return null
      throw err
    }
  }

  async removePart(uploadKey: string): Promise<void> {
    await fsp.rm(this.partPath(uploadKey), { force: true })
  }

  async promotePart(uploadKey: string, key: string): Promise<void> {
    const part = this.partPath(uploadKey)
    const handle = await fsp.open(part, 'r+')
    try {
      await handle.datasync()
    } finally {
      await handle.close()
    }
    const final = this.blobPath(key)
    await fsp.mkdir(path.dirname(final), { recursive: true })
    await fsp.rename(part, final)
  }

  async listParts(): Promise<PartInfo[]> {
    const dir = path.join(this.root, '.partial')
    let names: string[]
    try {
      names = await fsp.readdir(dir)
    } catch (err) {
      if (isMissing(err)) return []
      throw err
    }
    const out: PartInfo[] = []
    for (const uploadKey of names) {
      try {
        out.push({ uploadKey, modifiedAt: (await fsp.stat(path.join(dir, uploadKey))).mtimeMs })
      } catch (err) {
        if (!isMissing(err)) throw err // removed meanwhile
      }
    }
    return out
  }

  private blobPath(key: string): string {
    assertSafeKey(key)
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key)
  }

  private partPath(uploadKey: string): string {
    assertSafeKey(uploadKey)
    return path.join(this.root, '.partial', uploadKey)
  }
}

async function statSize(file: string): Promise<number | null> {
  try {
    return (await fsp.stat(file)).size
  } catch (err) {
    if (isMissing(err)) return null
    throw err
  }
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT'
}
