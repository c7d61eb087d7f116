// A TCP proxy in front of the server that can cut connections mid-request or mid-response, like a bad signal.
import net from 'node:net'

export type ProxyMode =
  | { kind: 'pass' }
  /** Forwards this many request bytes, then drops the connection: the server never sees a whole request. */
  | { kind: 'cut-request'; afterBytes: number }
  /** Forwards the whole request, then drops the connection as the answer starts: the server did the work, the client never hears. */
  | { kind: 'cut-response' }

export interface FlakyProxy {
  url: string
  mode: ProxyMode
  cuts: number
  close(): Promise<void>
}

export async function startFlakyProxy(target: () => { host: string; port: number }): Promise<FlakyProxy> {
  const proxy: FlakyProxy = { url: '', mode: { kind: 'pass' }, cuts: 0, close: async () => {} }
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    sockets.add(client)
    // The mode is read on every chunk: a kept-alive connection obeys the mode in force now.
    const upstream = net.connect(target())
    sockets.add(upstream)
    const cut = () => {
      proxy.cuts++
      client.destroy()
      upstream.destroy()
    }
    let sent = 0
    client.on('data', (chunk) => {
      const mode = proxy.mode
      if (mode.kind === 'cut-request') {
        const room = mode.afterBytes - sent
        if (room <= 0) return cut()
        upstream.write(chunk.subarray(0, room))
        sent += Math.min(room, chunk.length)
        if (sent >= mode.afterBytes) setTimeout(cut, 20)
        return
      }
      upstream.write(chunk)
    })
    upstream.on('data', (chunk) => {
      if (proxy.mode.kind === 'cut-response') return cut()
      client.write(chunk)
    })
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.end())
    upstream.on('close', () => client.end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    })
  return proxy
}
