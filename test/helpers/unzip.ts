// Reads a whole .zip (or .docx/.xlsx) into memory, entry name → bytes, as a reader would; a name that occurs
// twice is an error, since a zip tool would show only one of them.
import yauzl from 'yauzl'

/** Rejects on a malformed zip or a duplicate entry name. */
export function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, decodeStrings: true }, (err, zip) => {
      if (err || !zip) return reject(err)
      const out = new Map<string, Buffer>()
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e)
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            if (out.has(entry.fileName)) return reject(new Error(`duplicate entry ${entry.fileName}`))
            out.set(entry.fileName, Buffer.concat(chunks))
            zip.readEntry()
          })
          stream.on('error', reject)
        })
      })
      zip.on('end', () => resolve(out))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}
