// Back-pressure for a download written piece by piece: wait until the client has taken what was written before,
// and stop at once if the client went away, so memory stays bounded and no export holds files open for ever.
import type { Writable } from 'node:stream'

export const DOWNLOAD_CLOSED = 'download closed by the client'

/**
 * Resolves when `out` can take more (at once if it can now); rejects when it has closed or closes or fails first.
 * Its listeners are removed either way: one wait per file or page must leave nothing behind (issue 12's roster zip
 * kept ~1.4 KB an entry through a race with a promise that never settled).
 */
export async function drained(out: Writable): Promise<void> {
  if (out.destroyed) throw new Error(DOWNLOAD_CLOSED)
  if (!out.writableNeedDrain) return
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain)
      out.off('close', onClose)
      out.off('error', done)
      if (err) reject(err)
      else resolve()
    }
    const onDrain = () => done()
    const onClose = () => done(new Error(DOWNLOAD_CLOSED))
    out.on('drain', onDrain)
    out.on('close', onClose)
    out.on('error', done)
  })
}
