// A .zip of files stored as they are (JPEG and PNG do not shrink), written to a stream one file at a time, with
// ZIP64 records when the archive passes 65,535 entries or 4 GiB.
//
// Why not archiver: for a roster zip of 20,000 screenshots it held ~7.5 KB of heap per entry by the end
// (compress-commons queues 17 small writes per central-directory entry), so peak RSS grew with the entry count
// (issue 12). Here each entry's central-directory record is kept as its final bytes in 64 KB slabs: about
// 70 bytes plus the name per entry, 100,000 entries in under 10 MB.
import { crc32 } from 'node:zlib'
import { Readable, type Writable } from 'node:stream'
import { DOWNLOAD_CLOSED, drained } from '../http/drained'

const SLAB = 64 * 1024
const MAX_32 = 0xffffffff
const MAX_16 = 0xffff
const FLAGS = 0x0808 // bit 3: sizes and CRC in a data descriptor after the data; bit 11: UTF-8 names
const VERSION_PLAIN = 20
const VERSION_ZIP64 = 45
const CHINA_OFFSET_MS = 8 * 3600_000

/** MS-DOS date and time fields, in China time (what the people opening the zip see). */
function dosDateTime(at: Date): { time: number; date: number } {
  const d = new Date(at.getTime() + CHINA_OFFSET_MS)
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1)
  const date = ((Math.max(1980, d.getUTCFullYear()) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate()
  return { time, date }
}

/** Appends byte records to a list of fixed-size slabs, so many small records cost no per-record objects. */
class SlabList {
  private readonly slabs: Buffer[] = []
  private current = Buffer.allocUnsafe(SLAB)
  private used = 0
  bytes = 0

  push(record: Buffer): void {
    let from = 0
    while (from < record.length) {
      if (this.used === this.current.length) this.seal()
      const n = record.copy(this.current, this.used, from)
      this.used += n
      from += n
    }
    this.bytes += record.length
  }

  *chunks(): Generator<Buffer> {
    yield* this.slabs
    if (this.used) yield this.current.subarray(0, this.used)
  }

  private seal(): void {
    this.slabs.push(this.current)
    this.current = Buffer.allocUnsafe(SLAB)
    this.used = 0
  }
}

export class StoredZipWriter {
  private offset = 0
  private entries = 0
  private readonly directory = new SlabList()

  constructor(private readonly out: Writable) {}

  /** Streams one file into the archive; resolves once its bytes are written (or queued within the stream's limit). */
  async addStream(name: string, body: Readable, at: Date): Promise<void> {
    const fileName = Buffer.from(name, 'utf8')
    const { time, date } = dosDateTime(at)
    const headerOffset = this.offset
    await this.write(localHeader(fileName, time, date))
    let crc = 0
    let size = 0
    try {
      for await (const chunk of body) {
        const bytes = chunk as Buffer
        crc = crc32(bytes, crc)
        size += bytes.length
        await this.write(bytes)
      }
    } finally {
      body.destroy()
    }
    if (size >= MAX_32) throw new Error(`${name}: files of 4 GiB or more are not supported`)
    await this.write(dataDescriptor(crc, size))
    this.directory.push(directoryRecord(fileName, time, date, crc, size, headerOffset))
    this.entries += 1
  }

  async addBuffer(name: string, bytes: Buffer, at: Date): Promise<void> {
    await this.addStream(name, Readable.from([bytes]), at)
  }

  /** Writes the central directory and the end records, then ends the output stream. */
  async finish(): Promise<void> {
    const directoryOffset = this.offset
    for (const chunk of this.directory.chunks()) await this.write(chunk)
    const directorySize = this.directory.bytes
    const needs64 = this.entries >= MAX_16 || directoryOffset >= MAX_32 || directorySize >= MAX_32
    if (needs64) {
      const recordOffset = this.offset
      await this.write(zip64End(this.entries, directorySize, directoryOffset))
      await this.write(zip64Locator(recordOffset))
    }
    await this.write(endOfDirectory(this.entries, directorySize, directoryOffset))
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject)
      this.out.end(() => resolve())
    })
  }

  /** Writes and, when the stream's buffer is full, waits for it to drain; rejects if the stream closes first. */
  private async write(bytes: Buffer): Promise<void> {
    if (this.out.destroyed) throw new Error(DOWNLOAD_CLOSED)
    this.offset += bytes.length
    if (!this.out.write(bytes)) await drained(this.out)
  }
}

function localHeader(name: Buffer, time: number, date: number): Buffer {
  const b = Buffer.alloc(30 + name.length)
  b.writeUInt32LE(0x04034b50, 0)
  b.writeUInt16LE(VERSION_PLAIN, 4)
  b.writeUInt16LE(FLAGS, 6)
  b.writeUInt16LE(0, 8) // stored
  b.writeUInt16LE(time, 10)
  b.writeUInt16LE(date, 12)
  // CRC and sizes (14–25) stay 0: they follow the data in its descriptor.
  b.writeUInt16LE(name.length, 26)
  b.writeUInt16LE(0, 28)
  name.copy(b, 30)
  return b
}

function dataDescriptor(crc: number, size: number): Buffer {
  const b = Buffer.alloc(16)
  b.writeUInt32LE(0x08074b50, 0)
  b.writeUInt32LE(crc, 4)
  b.writeUInt32LE(size, 8)
  b.writeUInt32LE(size, 12)
  return b
}

function directoryRecord(name: Buffer, time: number, date: number, crc: number, size: number, headerOffset: number): Buffer {
  const far = headerOffset >= MAX_32
  const extra = far ? 12 : 0 // ZIP64 extended information: the local header's offset only
  const b = Buffer.alloc(46 + name.length + extra)
  b.writeUInt32LE(0x02014b50, 0)
  b.writeUInt16LE(VERSION_ZIP64, 4) // made by
  b.writeUInt16LE(far ? VERSION_ZIP64 : VERSION_PLAIN, 6)
  b.writeUInt16LE(FLAGS, 8)
  b.writeUInt16LE(0, 10)
  b.writeUInt16LE(time, 12)
  b.writeUInt16LE(date, 14)
  b.writeUInt32LE(crc, 16)
  b.writeUInt32LE(size, 20)
  b.writeUInt32LE(size, 24)
  b.writeUInt16LE(name.length, 28)
  b.writeUInt16LE(extra, 30)
  // comment length, disk number, internal and external attributes (32–41) stay 0
  b.writeUInt32LE(far ? MAX_32 : headerOffset, 42)
  name.copy(b, 46)
  if (far) {
    const at = 46 + name.length
    b.writeUInt16LE(0x0001, at)
    b.writeUInt16LE(8, at + 2)
    b.writeBigUInt64LE(BigInt(headerOffset), at + 4)
  }
  return b
}

function zip64End(entries: number, directorySize: number, directoryOffset: number): Buffer {
  const b = Buffer.alloc(56)
  b.writeUInt32LE(0x06064b50, 0)
  b.writeBigUInt64LE(44n, 4) // size of the rest of this record
  b.writeUInt16LE(VERSION_ZIP64, 12)
  b.writeUInt16LE(VERSION_ZIP64, 14)
  // this disk and the directory's disk (16–23) stay 0
  b.writeBigUInt64LE(BigInt(entries), 24)
  b.writeBigUInt64LE(BigInt(entries), 32)
  b.writeBigUInt64LE(BigInt(directorySize), 40)
  b.writeBigUInt64LE(BigInt(directoryOffset), 48)
  return b
}

function zip64Locator(recordOffset: number): Buffer {
  const b = Buffer.alloc(20)
  b.writeUInt32LE(0x07064b50, 0)
  b.writeBigUInt64LE(BigInt(recordOffset), 8)
  b.writeUInt32LE(1, 16) // total disks
  return b
}

function endOfDirectory(entries: number, directorySize: number, directoryOffset: number): Buffer {
  const b = Buffer.alloc(22)
  b.writeUInt32LE(0x06054b50, 0)
  b.writeUInt16LE(Math.min(entries, MAX_16), 8)
  b.writeUInt16LE(Math.min(entries, MAX_16), 10)
  b.writeUInt32LE(Math.min(directorySize, MAX_32), 12)
  b.writeUInt32LE(Math.min(directoryOffset, MAX_32), 16)
  return b
}
