// An HTTP proxy in front of one or more server processes that misbehaves as a village's mobile network and a
// shaky gateway do: for each request it draws (from a seeded generator) whether to pass it, answer 502 itself, cut
// it part-way up, cut the answer after the server did the work (before or half way through sending it), send it to
// the server twice, or hold it back so later requests overtake it. A server process that is down (killed) makes the
// connection drop, as a gateway with nothing behind it would.
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Prng } from '../../server/src/seed/prng'

export type Fault = 'pass' | 'gateway-error' | 'cut-request' | 'cut-response' | 'cut-mid-response' | 'duplicate' | 'delay'

/** How often each fault is drawn, out of the weights' sum. */
export const FAULT_WEIGHTS: Record<Fault, number> = {
  pass: 55,
  'gateway-error': 8,
  'cut-request': 8,
  'cut-response': 8,
  'cut-mid-response': 5,
  duplicate: 8,
  delay: 8,
}

export interface FaultProxy {
  url: string
  /** false: every request passes (the network came back). */
  faulty: boolean
  counts: Record<Fault, number>
  close(): Promise<void>
}

interface Upstream {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

export async function startFaultProxy(ports: () => number[], rnd: Prng): Promise<FaultProxy> {
  const counts = Object.fromEntries(Object.keys(FAULT_WEIGHTS).map((k) => [k, 0])) as Record<Fault, number>
  const proxy: FaultProxy = { url: '', faulty: true, counts, close: async () => {} }
  const sockets = new Set<Socket>()

  const server = http.createServer(async (req, res) => {
    const body = await readAll(req).catch(() => null)
    if (!body) return res.destroy()
    const fault = proxy.faulty ? draw(rnd) : 'pass'
    counts[fault] += 1
    const port = rnd.pick(ports())
    const send = (part?: Buffer) => forward(port, req, part ?? body, part !== undefined)
    try {
      if (fault === 'gateway-error') return reply502(res)
      if (fault === 'cut-request') {
        await send(body.subarray(0, Math.floor(body.length / 2))).catch(() => null)
        return res.destroy()
      }
      if (fault === 'delay') await new Promise((r) => setTimeout(r, rnd.int(100, 1500)))
      if (fault === 'duplicate') {
        const [first] = await Promise.all([send(), send().catch(() => null)])
        return relay(res, first)
      }
      const answer = await send()
      if (fault === 'cut-response') return res.destroy()
      if (fault === 'cut-mid-response') {
        res.writeHead(answer.status, answer.headers)
        res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)))
        return setTimeout(() => res.destroy(), 10)
      }
      relay(res, answer)
    } catch {
      res.destroy() // the server process is down or dropped the connection
    }
  })
  server.keepAliveTimeout = 1000
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    })
  return proxy
}

function draw(rnd: Prng): Fault {
  const total = Object.values(FAULT_WEIGHTS).reduce((a, b) => a + b, 0)
  let x = rnd.int(0, total - 1)
  for (const [fault, weight] of Object.entries(FAULT_WEIGHTS) as [Fault, number][]) {
    if (x < weight) return fault
    x -= weight
  }
  return 'pass'
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (c: Buffer) => chunks.push(c))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })
}

/** Sends the request to one server process; with `cut`, the body is sent in part and the connection dropped. */
function forward(port: number, req: http.IncomingMessage, body: Buffer, cut: boolean): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: `127.0.0.1:${port}`, connection: 'close' }
    const up = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers }, (answer) => {
      readAll(answer).then((b) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: b }), reject)
    })
    up.on('error', reject)
    if (!cut) return up.end(body)
    up.write(body)
    setTimeout(() => {
      up.destroy()
      reject(new Error('cut'))
    }, 20)
  })
}

function relay(res: http.ServerResponse, answer: Upstream): void {
  const headers = { ...answer.headers }
  delete headers['transfer-encoding']
  delete headers.connection
  headers['content-length'] = String(answer.body.length)
  res.writeHead(answer.status, headers)
  res.end(answer.body)
}

/** What a gateway answers when the server behind it does not: HTML, not the app's JSON. */
function reply502(res: http.ServerResponse): void {
  res.writeHead(502, { 'content-type': 'text/html' })
  res.end('<html><body><h1>502 Bad Gateway</h1></body></html>')
}
