// Starts the server: database, migrations, demo county on an empty database, H5 app and API on one port.
import os from 'node:os'
import { buildApp } from './app'
import { loadConfig } from './config'
import { migrateToLatest, openDatabase } from './db/database'
import { isDatabaseEmpty, seedDemoCounty, type DemoLogin } from './seed/demo-county'
import { seedDemoActivity } from './seed/demo-activity'
import { ROLE_LABEL } from '@core/schemas/auth'
import { startRankingScheduler } from './jobs/weekly-ranking'
import { rankInWorker } from './jobs/ranking-worker'

async function main(): Promise<void> {
  const config = loadConfig()
  const db = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE })
  await migrateToLatest(db)
  let logins: DemoLogin[] = []
  if (config.SEED_DEMO === 'auto' && (await isDatabaseEmpty(db))) {
    const seeded = await seedDemoCounty(db)
    logins = seeded.logins
    const c = seeded.counts
    console.log(`已生成演示数据：${c.towns} 个镇、${c.villages} 个村/社区、${c.grids} 个网格、${c.households} 户、${c.residents} 人`)
    const visits = await seedDemoActivity(db, Date.now())
    if (visits) console.log(`已生成演示走访记录：${visits} 条（自宣传行动开始逐周），排名通报将补齐往周`)
  }
  const app = await buildApp({ config, db })
  // Started here, not in buildApp, so tests decide when rankings run; safe with several processes (see the job).
  const owner = `${os.hostname()}:${process.pid}`
  const stopRanking = startRankingScheduler(db, {
    weekday: config.RANKING_WEEKDAY,
    hour: config.RANKING_HOUR,
    checkMs: config.RANKING_CHECK_MS,
    owner,
    rank: rankInWorker({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE }, owner),
    log: (msg) => app.log.info(msg),
    onError: (err) => app.log.error({ err }, '排名通报生成失败'),
  })
  const close = async () => {
    stopRanking()
    await app.close()
    await db.close()
    process.exit(0)
  }
  process.on('SIGINT', close)
  process.on('SIGTERM', close)
  await app.listen({ port: config.PORT, host: config.HOST })
  printWelcome(config.PORT, config.DATABASE_URL ? 'PostgreSQL' : config.SQLITE_FILE, logins)
}

function printWelcome(port: number, database: string, logins: DemoLogin[]): void {
  const lines = [
    '',
    `反诈入户通已启动：http://127.0.0.1:${port}/`,
    `接口文档：http://127.0.0.1:${port}/api/openapi.json`,
    `数据库：${database}`,
  ]
  if (logins.length) {
    lines.push('演示登录码（在登录页输入）：')
    // One account of each role, all in the first village, so the four views line up.
    const sample = ['demo-county', 'demo-t1', 'demo-t1-v01', 'demo-t1-v01-g1', 'demo-t1-v01-g2']
      .map((code) => logins.find((l) => l.code === code))
      .filter((l): l is DemoLogin => Boolean(l))
    for (const l of sample) lines.push(`  ${l.code.padEnd(18)} ${ROLE_LABEL[l.role]} ${l.areaName} ${l.name}`)
    lines.push(`  …共 ${logins.length} 个账号：网格员 demo-t<镇>-v<村>-g<网格>，村负责人 demo-t<镇>-v<村>，镇 demo-t<镇>，县 demo-county`)
  } else {
    lines.push('演示登录码：demo-t1-v01-g1（网格员）、demo-t1-v01（村负责人）、demo-t1（镇）、demo-county（县）')
  }
  console.log(lines.join('\n'))
}

main().catch((err) => {
  console.error('启动失败：', err instanceof Error ? err.message : err)
  process.exit(1)
})
