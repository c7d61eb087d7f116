// Backup and restore of the database and the media from the command line (docs/deploy.md), with the server's own
// settings (DATABASE_URL or SQLITE_FILE, MEDIA_STORE and MEDIA_DIR or S3_*):
//
//   npm run backup -- backup  <dir>    (compiled: node server/dist/backup.js backup <dir>)
//   npm run backup -- restore <dir>    into an EMPTY database and media store, then checks every count
//
// <dir> gets:
//   manifest.json    when, which database kind, the rows of every table and the number of media files
//   database.dump    PostgreSQL: pg_dump's custom format (pg_dump and pg_restore must be on the PATH)
//   database.sqlite  SQLite: an online copy through SQLite's backup API (the server may keep running)
//   media/ab/cd/<sha256>   every file the media table names, read through the media store (disk or S3)
//
// The database is dumped before the media is listed, so every file the dump names is in the backup (a file
// uploaded meanwhile may be there too, harmlessly). Phone numbers stay encrypted as stored: a restore needs the
// same PHONE_KEYS and PHONE_INDEX_KEY. Restore refuses a database that already has tables, and checks each file's sha-256 on the way.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import SQLite from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'
import { openBlobStore } from '../blob/open-store'
import { loadConfig, type Config } from '../config'
import { openDatabase } from '../db/database'
import type { Database } from '../db/schema'

export interface Manifest {
  format: 1
  createdAt: string
  dialect: 'sqlite' | 'postgres'
  tables: Record<string, number>
  mediaFiles: number
}

export async function backup(config: Config, dir: string): Promise<Manifest> {
  await fsp.mkdir(path.join(dir, 'media'), { recursive: true })
  const db = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE })
  try {
    let tables: Record<string, number>
    let shas: string[]
    if (db.dialect === 'postgres') {
      // pg_dump reads the snapshot this transaction exported: the counts and the media list are of exactly the dump.
      ;({ tables, shas } = await db.kysely
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          const snapshot = (await sql<{ id: string }>`SELECT pg_export_snapshot() AS id`.execute(trx)).rows[0].id
          await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${path.join(dir, 'database.dump')}`, config.DATABASE_URL!])
          return { tables: await countRows(trx), shas: await mediaShas(trx) }
        }))
    } else {
      const source = new SQLite(config.SQLITE_FILE, { readonly: true, fileMustExist: true })
      try {
        await source.backup(path.join(dir, 'database.sqlite'))
      } finally {
        source.close()
      }
      // Counted in the copy, so the manifest says what the backup holds.
      const copy = openDatabase({ sqliteFile: path.join(dir, 'database.sqlite') })
      try {
        ;({ tables, shas } = { tables: await countRows(copy.kysely), shas: await mediaShas(copy.kysely) })
      } finally {
        await copy.close()
      }
    }

    const blobs = await openBlobStore(config)
    for (const sha of shas) {
      const body = await blobs.get(sha)
      if (!body) throw new Error(`媒体文件缺失：${sha}`)
      const file = mediaPath(dir, sha)
      await fsp.mkdir(path.dirname(file), { recursive: true })
      await pipeline(body, fs.createWriteStream(file))
    }
    const manifest: Manifest = { format: 1, createdAt: new Date().toISOString(), dialect: db.dialect, tables, mediaFiles: shas.length }
    await fsp.writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2))
    return manifest
  } finally {
    await db.close()
  }
}

export async function restore(config: Config, dir: string): Promise<Manifest> {
  const manifest = JSON.parse(await fsp.readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest
  const dialect = config.DATABASE_URL ? 'postgres' : 'sqlite'
  if (dialect !== manifest.dialect) throw new Error(`备份来自 ${manifest.dialect}，不能恢复到 ${dialect}`)
  if (dialect === 'postgres') {
    const db = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: '' })
    try {
      if ((await db.kysely.introspection.getTables({ withInternalKyselyTables: true })).length) throw new Error('目标数据库不是空的，恢复只能写入新建的空数据库')
    } finally {
      await db.close()
    }
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${config.DATABASE_URL!}`, path.join(dir, 'database.dump')])
  } else {
    if (fs.existsSync(config.SQLITE_FILE) && fs.statSync(config.SQLITE_FILE).size > 0) throw new Error(`目标数据库文件已存在：${config.SQLITE_FILE}`)
    await fsp.mkdir(path.dirname(path.resolve(config.SQLITE_FILE)), { recursive: true })
    await fsp.copyFile(path.join(dir, 'database.sqlite'), config.SQLITE_FILE, fs.constants.COPYFILE_EXCL)
  }

  const blobs = await openBlobStore(config)
  let files = 0
  for (const sha of await listMedia(path.join(dir, 'media'))) {
    const bytes = await fsp.readFile(mediaPath(dir, sha))
    if (createHash('sha256').update(bytes).digest('hex') !== sha) throw new Error(`备份中的媒体文件已损坏：${sha}`)
    await blobs.put(sha, bytes)
    files++
  }

  const db = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE })
  try {
    const tables = await countRows(db.kysely)
    const wrong = Object.keys({ ...manifest.tables, ...tables }).filter((t) => manifest.tables[t] !== tables[t])
    if (wrong.length) throw new Error(`恢复后行数不符：${wrong.map((t) => `${t} 备份 ${manifest.tables[t]}，恢复 ${tables[t]}`).join('；')}`)
    if (files !== manifest.mediaFiles) throw new Error(`恢复后媒体文件数不符：备份 ${manifest.mediaFiles}，恢复 ${files}`)
  } finally {
    await db.close()
  }
  return manifest
}

/** Rows of every table (the migration bookkeeping included), by table name. */
export async function countRows(k: Kysely<Database>): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of await k.introspection.getTables({ withInternalKyselyTables: true })) {
    if (t.isView || (t.schema && t.schema !== 'public')) continue
    const row = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(t.name)}`.execute(k)
    out[t.name] = Number(row.rows[0].n)
  }
  return out
}

async function mediaShas(k: Kysely<Database>): Promise<string[]> {
  return (await k.selectFrom('media').select('sha256').orderBy('sha256').execute()).map((r) => r.sha256)
}

async function listMedia(root: string): Promise<string[]> {
  const out: string[] = []
  for (const a of await fsp.readdir(root).catch(() => [] as string[])) {
    for (const b of await fsp.readdir(path.join(root, a))) out.push(...(await fsp.readdir(path.join(root, a, b))))
  }
  return out.sort()
}

function mediaPath(dir: string, sha: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error(`不是媒体文件名：${sha}`)
  return path.join(dir, 'media', sha.slice(0, 2), sha.slice(2, 4), sha)
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.on('error', (e) => reject(new Error(`${cmd} 无法运行（需要安装 PostgreSQL 客户端）：${e.message}`)))
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} 失败（${code}）：${err.trim()}`))))
  })
}

async function main(argv: string[]): Promise<void> {
  const [command, dir] = argv
  if (!dir || (command !== 'backup' && command !== 'restore')) {
    console.error('用法：backup <目录> | restore <目录>')
    process.exit(2)
  }
  const config = loadConfig()
  const manifest = command === 'backup' ? await backup(config, dir) : await restore(config, dir)
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0)
  console.log(`${command === 'backup' ? '已备份' : '已恢复并核对'}：${Object.keys(manifest.tables).length} 张表 ${rows} 行，媒体文件 ${manifest.mediaFiles} 个（${path.resolve(dir)}）`)
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  })
}
