// Issue 14: the H5 app on a cheap phone with a weak signal. The built app in dist-h5/ (run `npm run build:h5` first)
// served by the real server (test server, SQLite, small demo county), opened in Debian's Chromium with a 375×812
// phone view, an empty cache and no service worker, Chromium's network emulation (1.6 Mbps / 150 ms and
// 400 kbps / 400 ms) and 4× CPU slowdown (DevTools Protocol). Per link, `--runs` cold loads each of:
//   - a resident's signing link: first text on screen (first contentful paint), signing page usable (the pad shown);
//   - the worker's list (signed in before, data on the phone): first text, list usable (a household row shown);
// medians, and the JavaScript fetched before usable (bytes on the wire). Then the sync of 500 queued visits by the
// real sync engine through a TCP proxy pacing both directions to the link's rate and delay, gzipped (as the apps
// send them) and, for comparison, as plain JSON.
//
//   npx tsx bench/h5-cold-load.ts [--runs 5] [--skip-sync]
//   (BENCH_H5_DIR=<dir> measures a build elsewhere, e.g. one made with TARO_OUTPUT_ROOT=<dir> npm run build:h5)
//
// Fails (non-zero exit) when a page never becomes usable or a sync does not store every visit.
import net from 'node:net'
import path from 'node:path'
import fs from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { randomBytes } from 'node:crypto'
import { Outbox } from '../src/core/sync/outbox'
import { checkedRecord } from '../src/core/sync/record-check'
import { LocalCache } from '../src/core/sync/local-cache'
import { SyncEngine } from '../src/core/sync/engine'
import type { HttpClient } from '../src/core/sync/ports'
import type { FieldRecordInput } from '../src/core/schemas/record'
import { startTestServer, loginAs, type TestServer } from '../test/helpers/test-server'
import { launchBrowser } from '../test/helpers/browser'
import { FetchHttp, MemoryStorage } from '../test/helpers/node-ports'
import { newId } from '../test/helpers/records'
import { coldLoad, median, NETWORKS, signingLink, workerStorage, type ColdLoad, type NetworkProfile } from '../test/helpers/cold-load'
import { fail, loadLine, log, machineLine, parseFlags, printBlock, runMain } from './lib'

const USAGE = 'usage: npx tsx bench/h5-cold-load.ts [--runs 5] [--skip-sync]'
const H5_DIR = process.env.BENCH_H5_DIR ?? path.resolve(__dirname, '..', 'dist-h5')
const CPU_SLOWDOWN = 4
const VISITS = 500

/** A TCP proxy that paces each direction to the link's rate and adds its one-way delay (half the round trip). */
async function pacedProxy(targetPort: number, link: NetworkProfile): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const pace = (from: net.Socket, to: net.Socket, kbps: number, oneWayMs: number, startAt: number) => {
    let free = startAt
    from.on('data', (b: Buffer) => {
      const now = Date.now()
      free = Math.max(now, free) + (b.length * 8) / kbps // kbps = bits per ms
      const at = free + oneWayMs
      setTimeout(() => to.writable && to.write(b), at - now)
    })
  }
  const srv = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort })
    sockets.add(client).add(upstream)
    // The TCP handshake costs a round trip before the first byte can go.
    const handshake = Date.now() + link.latencyMs
    pace(client, upstream, link.uploadKbps, link.latencyMs / 2, handshake)
    pace(upstream, client, link.downloadKbps, link.latencyMs / 2, handshake)
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    for (const s of [client, upstream]) {
      s.on('close', end)
      s.on('error', end)
    }
  })
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(srv.address() as net.AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        srv.close(() => resolve())
      }),
  }
}

async function queuedVisits(server: TestServer): Promise<FieldRecordInput[]> {
  const households = await server.db.kysely.selectFrom('households').select(['id']).where('grid_id', '=', 't1-v01-g1').execute()
  const residents = await server.db.kysely.selectFrom('residents').select(['id', 'household_id']).where('household_id', 'in', households.map((h) => h.id)).execute()
  const deviceId = 'dev-' + randomBytes(12).toString('hex')
  const notes = ['', '', '', '老人独居，已讲解冒充公检法诈骗', '已张贴反诈宣传单']
  let at = Date.now() - VISITS * 10 * 60_000
  return Array.from({ length: VISITS }, (_, i) => {
    const h = households[i % households.length]
    const met = i % 4 !== 3
    const theirs = residents.filter((r) => r.household_id === h.id).slice(0, met ? 1 + (i % 2) : 0)
    at += (3 + (i % 9)) * 60_000
    const createdAt = new Date(at).toISOString()
    return {
      id: newId(at),
      kind: 'visit',
      householdId: h.id,
      replaces: null,
      deviceId,
      createdAt,
      body: {
        outcome: met ? 'met' : 'not_home',
        peopleMet: theirs.length,
        residentIds: theirs.map((r) => r.id),
        notes: notes[i % notes.length],
        visitedAt: createdAt,
        location: { lat: 31.2 + Math.random() / 100, lng: 117.3 + Math.random() / 100, accuracy: Math.round(5 + Math.random() * 35) },
      },
    } as FieldRecordInput
  })
}

/** Seconds to push 500 queued visits over the link; `plain` sends them as JSON, as the apps did before issue 14. */
async function syncSeconds(server: TestServer, link: NetworkProfile, plain: boolean): Promise<number> {
  await server.db.kysely.deleteFrom('records').where('author_id', '=', 'u-t1-v01-g1').execute()
  const token = await loginAs(server.url, 'demo-t1-v01-g1')
  const proxy = await pacedProxy(Number(new URL(server.url).port), link)
  try {
    const storage = new MemoryStorage()
    const outbox = new Outbox(storage, 'bench')
    for (const v of await queuedVisits(server)) await outbox.add(checkedRecord(v), Date.now())
    const paced = new FetchHttp(proxy.url)
    const direct = new FetchHttp(server.url)
    let pushMs = 0
    const http: HttpClient = {
      async request(req) {
        if (!req.path.endsWith('/sync/push')) return direct.request(req)
        const sent = plain && req.rawBody ? { ...req, rawBody: undefined, headers: undefined, body: JSON.parse(gunzipSync(req.rawBody).toString('utf8')) } : req
        const t = performance.now()
        try {
          return await paced.request(sent)
        } finally {
          pushMs += performance.now() - t
        }
      },
    }
    const engine = new SyncEngine({ outbox, cache: new LocalCache(storage, 'bench'), http, token: () => token, now: Date.now })
    const state = await engine.sync('manual')
    if (state.lastError || state.pending !== 0) fail(`sync over ${link.name} failed: ${JSON.stringify(state.lastError)}`)
    const stored = await server.db.kysely.selectFrom('records').select('id').where('author_id', '=', 'u-t1-v01-g1').execute()
    if (stored.length !== VISITS) fail(`sync over ${link.name} stored ${stored.length} of ${VISITS}`)
    return pushMs / 1000
  } finally {
    await proxy.close()
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { runs: 5, 'skip-sync': false }, USAGE)
  if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) fail('no dist-h5/: run `npm run build:h5` first')
  const server = await startTestServer({ config: { H5_DIR } })
  const browser = await launchBrowser()
  const rows: [string, string][] = [
    ['machine', machineLine()],
    ['load', loadLine()],
  ]
  try {
    const storageState = await workerStorage(browser, server.url)
    for (const link of [NETWORKS.fair, NETWORKS.weak]) {
      for (const [name, ready, urlOf, state] of [
        ['signing link', '#signature-pad', () => signingLink(server.url), undefined],
        ['worker list', '[id^="hh-t1-v01-g1"]', async () => server.url + '/', storageState],
      ] as const) {
        const loads: ColdLoad[] = []
        for (let i = 0; i < flags.runs; i++) {
          const load = await coldLoad(browser, await urlOf(), ready, { network: link, cpuSlowdown: CPU_SLOWDOWN, storageState: state, timeoutMs: 90_000 })
          log(`${link.name} ${name} #${i + 1}: first text ${s(load.firstTextMs)}, usable ${s(load.usableMs)}, JS ${kb(load.jsBytes)}`)
          loads.push(load)
        }
        rows.push([
          `${name}, ${link.name}, 4× CPU`,
          `first text ${s(median(loads.map((l) => l.firstTextMs)))}, usable ${s(median(loads.map((l) => l.usableMs)))} ` +
            `(medians of ${flags.runs}; usable min ${s(Math.min(...loads.map((l) => l.usableMs)))}, max ${s(Math.max(...loads.map((l) => l.usableMs)))}); ` +
            `JS before usable ${kb(median(loads.map((l) => l.jsBytes)))}`,
        ])
      }
    }
    if (!flags['skip-sync']) {
      for (const link of [NETWORKS.fair, NETWORKS.weak]) {
        const gz = await syncSeconds(server, link, false)
        const plain = await syncSeconds(server, link, true)
        log(`${link.name}: 500 visits gzipped ${gz.toFixed(2)} s, plain JSON ${plain.toFixed(2)} s`)
        rows.push([`sync 500 queued visits, ${link.name}`, `${gz.toFixed(2)} s gzipped (plain JSON: ${plain.toFixed(2)} s)`])
      }
    }
  } finally {
    await browser.close()
    await server.close()
  }
  printBlock('RESULT  H5 cold load and sync on a weak link (issue 14)', rows)
}

runMain(main)
