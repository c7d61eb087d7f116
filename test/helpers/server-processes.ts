// A server process (server-process.ts) that can be killed with SIGKILL — mid-transaction, as a power cut or the
// OOM killer would — and started again on the same port, where the proxy in front expects it.
import { startServerProcess, type ServerProcess } from './server-process'

export interface KillableServer {
  port: number
  up: boolean
  kill(): Promise<void>
  start(): Promise<void>
}

export async function startKillableServer(env: Record<string, string>): Promise<KillableServer> {
  let current: ServerProcess = await startServerProcess({ ...env, LOG_LEVEL: 'silent' })
  const server: KillableServer = {
    port: Number(new URL(current.url).port),
    up: true,
    async kill() {
      const { child } = current
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      server.up = false
      child.kill('SIGKILL')
      await exited
    },
    async start() {
      current = await startServerProcess({ ...env, LOG_LEVEL: 'silent' }, server.port)
      server.up = true
    },
  }
  return server
}
