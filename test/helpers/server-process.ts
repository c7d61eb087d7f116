// The real server as a child process (server/src/main.ts under tsx), as a deployment runs it, on a given database.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { freePort } from './free-port'

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Everything it printed so far (stdout and stderr). */
  output(): string
  /** SIGTERM, and waits for it to exit. */
  stop(): Promise<void>
}

/** Starts on `port` when given (a process started again where a proxy expects it), else on a free one. */
export async function startServerProcess(env: Record<string, string | undefined>, port?: number): Promise<ServerProcess> {
  port ??= await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'never', LOG_LEVEL: 'warn', H5_DIR: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      if (out.includes('反诈入户通已启动')) resolve()
    })
    child.stderr!.on('data', (d) => (out += d))
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    },
  }
}
