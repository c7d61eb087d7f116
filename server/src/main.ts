// Starts the server: database, migrations, then on an empty database the demo county (demo) or a one-time setup code
// (a deployment, see config.ts), H5 app and API on one port.
import os from 'node:os'
import { buildApp } from './app'
import { loadConfig } from './config'
import { migrateToLatest, openDatabase } from './db/database'
import { isDatabaseEmpty, seedDemoCounty, type DemoLogin } from './seed/demo-county'
import { seedDemoActivity } from './seed/demo-activity'
import { ROLE_LABEL } from '@core/schemas/auth'
import { SETUP_PAGE_PATH } from '@core/schemas/setup'
import { formatChinaTime } from '@core/china-time'
import { issueSetupCode } from './services/setup'
import { activeLoginsByCode } from './services/users'
import { startRankingScheduler } from './jobs/weekly-ranking'
import { rankInWorker } from './jobs/ranking-worker'
import { phoneKeyringFromEnv, usePhoneKeyring } from './crypto/phone-cipher'
import { encryptStoredPhones } from './crypto/phone-rotation'

async function main(): Promise<void> {
  const config = loadConfig()
  // Refuses to start in production without the phone keys; the demo and development use a published key.
  usePhoneKeyring(phoneKeyringFromEnv(process.env))
  const db = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE })
  await migrateToLatest(db)
  const encrypted = await encryptStoredPhones(db)
  if (encrypted) console.log(`已加密（或换用新密钥加密）${encrypted} 个居民电话`)
  let seeded: DemoLogin[] | null = null
  let setupCode: { code: string; expiresAt: number } | null = null
  const empty = await isDatabaseEmpty(db)
  if (empty && config.DEMO) {
    const demo = await seedDemoCounty(db)
    seeded = demo.logins
    const c = demo.counts
    console.log(`已生成演示数据：${c.towns} 个镇、${c.villages} 个村/社区、${c.grids} 个网格、${c.households} 户、${c.residents} 人`)
    const visits = await seedDemoActivity(db, Date.now())
    if (visits) console.log(`已生成演示走访记录：${visits} 条（自宣传行动开始逐周），排名通报将补齐往周`)
  } else if (empty) {
    setupCode = await issueSetupCode(db, Date.now())
  }
  // The sample demo logins that really exist here (none on a deployment's own county, unless it was a demo database).
  const demoLogins = await activeLoginsByCode(db, DEMO_SAMPLE)
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
  const port = (app.server.address() as { port: number } | null)?.port ?? config.PORT
  printWelcome({ port, host: config.HOST, demo: config.DEMO, database: config.DATABASE_URL ? 'PostgreSQL' : config.SQLITE_FILE, seeded, demoLogins, setupCode })
}

/** One account of each role, all in the first village (the 核查员 of its town and of the county), so the views line up. */
const DEMO_SAMPLE = ['demo-county', 'demo-t1', 'demo-t1-v01', 'demo-t1-v01-g1', 'demo-t1-v01-g2', 'demo-verifier-t1', 'demo-verifier-county']

interface Welcome {
  port: number
  host: string
  demo: boolean
  database: string
  /** All demo logins when this start seeded them. */
  seeded: DemoLogin[] | null
  demoLogins: Array<{ code: string; role: keyof typeof ROLE_LABEL; areaName: string; name: string }>
  setupCode: { code: string; expiresAt: number } | null
}

function printWelcome(w: Welcome): void {
  const base = `http://${w.host === '0.0.0.0' || w.host === '::' ? '127.0.0.1' : w.host}:${w.port}`
  const lines = [
    '',
    `反诈入户通已启动：${base}/${w.host === '0.0.0.0' || w.host === '::' ? '（监听所有网络接口）' : ''}`,
    `接口文档：${base}/api/openapi.json`,
    `数据库：${w.database}`,
    `运行方式：${w.demo ? '演示（仅本机可访问，除非设置 HOST）' : '正式部署（不生成演示数据）'}`,
  ]
  if (w.setupCode) {
    lines.push(
      '',
      '首次设置：数据库为空。请在浏览器打开下面的链接（或在登录页点“首次设置”并输入设置码），建立本县和第一个县级管理员账号：',
      `  ${base}/#/${SETUP_PAGE_PATH}?code=${w.setupCode.code}`,
      `  设置码：${w.setupCode.code}`,
      `  只能使用一次，${formatChinaTime(w.setupCode.expiresAt)} 前有效；过期后重启服务器会显示新的设置码。`,
    )
  }
  if (w.demoLogins.length) {
    lines.push(w.demo ? '演示登录码（在登录页输入）：' : '警告：数据库中有演示账号，其登录码是公开的，请停用这些账号：')
    for (const l of w.demoLogins) lines.push(`  ${l.code.padEnd(18)} ${ROLE_LABEL[l.role]} ${l.areaName} ${l.name}`)
    if (w.seeded) lines.push(`  …共 ${w.seeded.length} 个账号：网格员 demo-t<镇>-v<村>-g<网格>，村负责人 demo-t<镇>-v<村>，镇 demo-t<镇>，县 demo-county，核查员 demo-verifier-t<镇> / demo-verifier-county`)
  }
  console.log(lines.join('\n'))
}

main().catch((err) => {
  console.error('启动失败：', err instanceof Error ? err.message : err)
  process.exit(1)
})
