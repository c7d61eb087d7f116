import { PassThrough, Readable, Writable } from 'node:stream'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { StoredZipWriter } from '../../../server/src/imports/stored-zip'
import { unzip } from '../../helpers/unzip'

/** Collects everything written to it. */
function sink(): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = []
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk)
      done()
    },
  })
  return { out, bytes: () => Buffer.concat(chunks) }
}

const AT = new Date('2026-11-30T02:03:04Z')

test('files streamed in come out byte for byte under their UTF-8 names, readable by another zip reader', async () => {
  const { out, bytes } = sink()
  const zip = new StoredZipWriter(out)
  const photo = Buffer.alloc(200_000, 7)
  photo.write('JPEG?', 0)
  await zip.addStream('0001_张三_1.jpg', Readable.from([photo.subarray(0, 70_000), photo.subarray(70_000)]), AT)
  await zip.addBuffer('缺失截图.txt', Buffer.from('\ufeff以下 1 张截图尚未上传', 'utf8'), AT)
  await zip.finish()

  const files = await unzip(bytes())
  expect([...files.keys()]).toEqual(['0001_张三_1.jpg', '缺失截图.txt'])
  expect(files.get('0001_张三_1.jpg')!.equals(photo)).toBe(true)
  expect(files.get('缺失截图.txt')!.toString('utf8')).toBe('\ufeff以下 1 张截图尚未上传')

  // A second, independent reader checks the CRCs and the dates (China time).
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stored-zip-')), 'a.zip')
  fs.writeFileSync(file, bytes())
  const listing = execFileSync('python3', ['-c', PY_CHECK, file], { encoding: 'utf8' })
  expect(listing).toBe('0001_张三_1.jpg 200000 2026-11-30 10:03:04\n缺失截图.txt 33 2026-11-30 10:03:04\nok\n')
})

const PY_CHECK = `
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for i in z.infolist():
    y, mo, d, h, mi, s = i.date_time
    print(i.filename, i.file_size, '%04d-%02d-%02d %02d:%02d:%02d' % (y, mo, d, h, mi, s))
print('ok' if z.testzip() is None else 'bad')
`

test('past 65,535 entries the archive carries ZIP64 end records and every entry is still found', async () => {
  const { out, bytes } = sink()
  const zip = new StoredZipWriter(out)
  const count = 70_000
  for (let i = 0; i < count; i++) await zip.addBuffer(`${i}.txt`, Buffer.from(String(i)), AT)
  await zip.finish()
  const all = bytes()
  expect(all.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true) // ZIP64 end of central directory
  const files = await unzip(all)
  expect(files.size).toBe(count)
  expect(files.get('69999.txt')!.toString()).toBe('69999')
}, 60_000)

test('waits for a slow reader instead of buffering, and stops when the download is closed', async () => {
  const out = new PassThrough({ highWaterMark: 16 * 1024 })
  const zip = new StoredZipWriter(out)
  const chunk = Buffer.alloc(16 * 1024)
  let written = false
  const pending = zip.addStream('big.bin', Readable.from(Array.from({ length: 64 }, () => chunk)), AT).then(() => (written = true))
  await new Promise((r) => setTimeout(r, 50))
  expect(written).toBe(false) // nobody has read: the writer is waiting, not piling the file up
  expect(out.readableLength).toBeLessThan(3 * chunk.length)
  out.destroy()
  await expect(pending).rejects.toThrow('download closed by the client')
})
