// Where a push goes in the database: 100 pushes of 20 visits (as bench/morning-rush.ts sends them) through the real
// app on a fresh PostgreSQL database, every statement counted and timed by its text (pg's Client.query wrapped).
//
//   npx tsx bench/push-queries.ts
//
// Prints statements per push, the time spent waiting on them, and the 25 (TOP=n: n) that take the most time per push.
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { buildApp } from '../server/src/app'
import { loadConfig } from '../server/src/config'
import { openDatabase, migrateToLatest } from '../server/src/db/database'
import { seedDemoCounty } from '../server/src/seed/demo-county'
import { createPrng } from '../server/src/seed/prng'
import { OUTCOME_WEIGHTS, newRecordId, runMain, tempPostgresDatabase, visitBody } from './lib'

const stats = new Map<string, { n: number; ms: number }>()
let on = false
const orig = pg.Client.prototype.query as (...a: unknown[]) => unknown
;(pg.Client.prototype as unknown as { query: unknown }).query = function (this: unknown, ...args: unknown[]) {
  const t = performance.now()
  const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text ?? '?'
  const res = orig.apply(this, args) as Promise<unknown>
  if (on && res && typeof (res as Promise<unknown>).then === 'function') {
    res.then(() => {
      const k = sql.replace(/\$\d+/g, '?').replace(/\s+/g, ' ').slice(0, 140)
      const s = stats.get(k) ?? { n: 0, ms: 0 }
      s.n++
      s.ms += performance.now() - t
      stats.set(k, s)
    }, () => undefined)
  }
  return res
}

async function main() {
  const url = await tempPostgresDatabase('pushprof')
  const db = openDatabase({ databaseUrl: url, sqliteFile: '' })
  await migrateToLatest(db)
  const seeded = await seedDemoCounty(db, { seed: 8, towns: 2, villagesPerTown: [5, 5], gridsPerVillage: [10, 10], householdsPerGrid: [30, 30] })
  const app = await buildApp({ config: loadConfig({}, { LOG_LEVEL: 'silent', H5_DIR: '/nonexistent', SEED_DEMO: 'never', MEDIA_DIR: path.join(os.tmpdir(), 'fanzha-push-queries-media') }), db })
  const rnd = createPrng(1)
  const phones = []
  for (const code of seeded.logins.filter((l) => l.role === 'worker').map((l) => l.code)) {
    const token = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { code } })).json().token
    const pull = (await app.inject({ method: 'GET', url: '/api/v1/sync/pull?cursor=0', headers: { authorization: `Bearer ${token}` } })).json()
    const res = new Map<string, string[]>()
    for (const h of pull.households) res.set(h.id, [])
    for (const r of pull.residents) res.get(r.householdId)?.push(r.id)
    phones.push({ token, households: [...res] })
  }
  on = true
  const n = 100
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  for (const p of phones.slice(0, n)) {
    const now = Date.now()
    const records = Array.from({ length: 20 }, () => {
      const [hid, rids] = rnd.pick(p.households)
      const at = now - rnd.int(0, 3 * 86400_000)
      return { id: newRecordId(at), kind: 'visit', householdId: hid, replaces: null, deviceId: 'prof', createdAt: new Date(at).toISOString(), body: visitBody(rnd, rnd.weighted(OUTCOME_WEIGHTS), at, rids) }
    })
    const r = await app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${p.token}` }, payload: { records } })
    if (r.statusCode !== 200) throw new Error(r.body)
  }
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  on = false
  const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms)
  const total = rows.reduce((a, [, s]) => a + s.n, 0)
  const inDb = rows.reduce((a, [, s]) => a + s.ms, 0)
  console.log(
    `${n} pushes: ${(total / n).toFixed(1)} queries per push, ${(inDb / n).toFixed(1)} ms/push waiting on them; ` +
      `${(wall / n).toFixed(1)} ms/push in all; node CPU ${((cpu.user + cpu.system) / 1000 / n).toFixed(1)} ms/push`,
  )
  for (const [k, s] of rows.slice(0, Number(process.env.TOP ?? 25))) console.log(`${(s.n / n).toFixed(1).padStart(6)}/push ${(s.ms / n).toFixed(2).padStart(7)} ms/push  ${k}`)
  await app.close()
  await db.close()
}
runMain(main)
