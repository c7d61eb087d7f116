// A 身份证号 column gives birth years and genders and is kept nowhere: not in any column of any table, not in the
// database file (SQLite), not in the job's rows, its report or the temp file of the upload.
import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { API_PREFIX } from '@core/api'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'
import { applyJob, check, csvText, download, gbk, readXlsx, refusedRows, xlsxOf } from '../../helpers/imports'
import { spoolDir } from '../../../server/src/imports/spool'

jest.setTimeout(120_000)

/** An 18-digit ID with a correct check character. */
function idNumber(area: string, birth: string, seq: string): string {
  const body = `${area}${birth}${seq}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = w.reduce((s, x, i) => s + x * Number(body[i]), 0)
  return body + '10X98765432'[sum % 11]
}

describe(`ID numbers are never stored (${TEST_DIALECT})`, () => {
  let server: TestServer
  let town: string
  const people = [
    { name: '钱一', id: idNumber('330102', '19580214', '031'), birth: 1958, gender: 'M' },
    { name: '钱二', id: idNumber('330102', '19610930', '042'), birth: 1961, gender: 'F' },
    { name: '钱三', id: idNumber('330102', '19880101', '075'), birth: 1988, gender: 'M' },
    { name: '钱四', id: idNumber('330102', '20120606', '088'), birth: 2012, gender: 'F' },
  ]
  const broken = idNumber('330102', '19700101', '015').slice(0, 17) + 'X'
  const all = [...people.map((p) => p.id), broken]

  beforeAll(async () => {
    server = await startTestServer({ seed: SMALL_COUNTY })
    town = await loginAs(server.url, 'demo-t1')
  })
  afterAll(async () => server?.close())

  it('derives birth year and gender, refuses a bad number without repeating it, and keeps the number nowhere', async () => {
    const k = server.db.kysely
    const [townName, village, grid] = await Promise.all(
      ['t1', 't1-v01', 't1-v01-g1'].map(async (id) => (await k.selectFrom('areas').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name),
    )
    const header = ['镇（街道）', '村（社区）', '网格', '门牌号', '户主', '姓名', '公民身份号码', '联系电话']
    const rows = [
      ...people.map((p) => [townName, village, grid, '钱家巷1号', '钱一', p.name, p.id, '']),
      [townName, village, grid, '钱家巷2号', '孙五', '孙五', broken, ''],
      // An ID number typed into the phone column by mistake: refused, and not repeated either.
      [townName, village, grid, '钱家巷3号', '孙六', '孙六', '', people[0].id],
    ]
    const xlsx = await check(server.url, town, 'register', await xlsxOf({ 花名册: [header, ...rows] }))
    const csv = await check(server.url, town, 'register', gbk(csvText([header, ...rows])), { fileName: '花名册.csv' })
    for (const job of [xlsx, csv]) {
      expect(job.check!.rows).toMatchObject({ created: 4, refused: 2 })
      expect(job.columns).toContain('idNumber')
      const refused = await refusedRows(server.url, town, job.id)
      expect(refused[0].message).toContain('身份证号校验位不正确')
      expect(refused[1].message).toContain('疑似身份证号，已隐去')
    }
    const applied = await applyJob(server.url, town, xlsx.id)
    expect(applied.apply!.entities.residents).toMatchObject({ created: 4 })
    const stored = await k.selectFrom('residents').select(['name', 'birth_year', 'gender']).where('name', 'like', '钱%').execute()
    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1)
    expect(stored.sort(byName)).toEqual(people.map((p) => ({ name: p.name, birth_year: p.birth, gender: p.gender })).sort(byName))

    // Every answer the import gives.
    for (const job of [xlsx, csv]) {
      for (const outcome of ['created', 'refused', 'unchanged', 'updated']) {
        const res = await api(server.url, 'GET', `${API_PREFIX}/imports/${job.id}/rows?outcome=${outcome}`, { token: town })
        expectNone(JSON.stringify(res.body))
      }
      expectNone(JSON.stringify((await api(server.url, 'GET', `${API_PREFIX}/imports/${job.id}`, { token: town })).body))
      const report = await download(server.url, town, `/imports/${job.id}/report.xlsx`)
      const book = await readXlsx(report.bytes)
      expectNone(JSON.stringify(book))
      expect(book['户籍花名册'][0]).not.toContain('身份证号')
      // The birth year the number gave is in the report, so a fixed report re-imports the same.
      expect(book['户籍花名册'][1]).toContain('1958')
    }

    // Every text column of every table.
    const tables = await k.introspection.getTables()
    for (const t of tables) {
      const rowsOf = await sql<Record<string, unknown>>`select * from ${sql.table(t.name)}`.execute(k)
      expectNone(JSON.stringify(rowsOf.rows), t.name)
    }

    // The database files themselves, WAL included.
    if (TEST_DIALECT === 'sqlite') {
      await sql`pragma wal_checkpoint(FULL)`.execute(k)
      const file = server.dbHandle.env.SQLITE_FILE
      for (const f of [file, `${file}-wal`, `${file}-shm`]) {
        if (fs.existsSync(f)) expectNone(fs.readFileSync(f).toString('latin1'), path.basename(f))
      }
    }

    // The uploads' temp files are gone.
    const dir = spoolDir()
    for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      const bytes = fs.readFileSync(path.join(dir, f)).toString('latin1')
      expectNone(bytes, f)
    }
  })

  function expectNone(text: string, where = 'answer'): void {
    for (const id of all) {
      // The whole number, and its first 14 characters (region and birth date) on their own.
      expect({ where, found: text.includes(id) || text.includes(id.slice(0, 14)) }).toEqual({ where, found: false })
    }
  }
})
