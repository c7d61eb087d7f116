// Real server processes (node + tsx running server/src/main.ts, as `npm run server` does) on one database and one
// media folder, each on a fixed port so it can be killed with SIGKILL — mid-transaction, as a power cut or the OOM
// killer would — and started again where the proxy in front expects it.
import path from 'node:path'
import { spawn, type ChildProcess } from 'node:child_process'
import { freePort } from './free-port'

export interface ServerProcess {
  port: number
  up: boolean
  kill(): Promise<void>
  start(): Promise<void>
}

const ROOT = path.resolve(__dirname, '../..')

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort()
  let child: ChildProcess | null = null
  const proc: ServerProcess = {
    port,
    up: false,
    async kill() {
      const c = child
      if (!c || c.exitCode !== null || c.signalCode !== null) return
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()))
      proc.up = false
      c.kill('SIGKILL')
      await exited
    },
    async start() {
      const c = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', H5_DIR: '/nonexistent', SEED_DEMO: 'never' },
        stdio: ['ignore', 'ignore', 'inherit'],
      })
      child = c
      for (let i = 0; i < 1200; i++) {
        if (c.exitCode !== null) throw new Error(`server process exited during start-up (${c.exitCode})`)
        if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)) {
          proc.up = true
          return
        }
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error('server process did not start within 120 s')
    },
  }
  await proc.start()
  return proc
}
