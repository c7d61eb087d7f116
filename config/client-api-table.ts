// The app's copy of the endpoint contract: each module of src/core/api/endpoints reaches the app's bundles as the
// fields a call needs (method, path, callers, …) without its zod schemas. The server checks every answer against
// its schema before it leaves (the serializer in server/src/app.ts), so the phone needs only the address; zod
// itself is ~45 KB of compressed JavaScript that every cold load on one bar of signal would otherwise wait for.
// Types still come from the real modules: only the bundles see this table.
import { execFileSync } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')
export const ENDPOINTS_DIR = path.join(ROOT, 'src', 'core', 'api', 'endpoints')

/** What src/stores/api.ts, src/core/sync and the downloads read of an endpoint at run time. */
const CLIENT_FIELDS = ['method', 'path', 'callers', 'status', 'file', 'rawBody'] as const

type Table = Record<string, Record<string, Record<string, unknown>>>
interface Contract {
  prefix: string
  table: Table
}

/** Endpoint file name (without .ts) → export name → the client's fields, read by running the contract once. */
function readContract(): Contract {
  const script = `
    const fs = require('node:fs'); const path = require('node:path')
    const dir = ${JSON.stringify(ENDPOINTS_DIR)}; const fields = ${JSON.stringify(CLIENT_FIELDS)}
    const table = {}
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const mod = require(path.join(dir, f)); const name = f.slice(0, -3); table[name] = {}
      for (const [key, ep] of Object.entries(mod)) {
        table[name][key] = Object.fromEntries(fields.filter((k) => ep[k] !== undefined).map((k) => [k, ep[k]]))
      }
    }
    const prefix = require(path.join(dir, '..', 'endpoint.ts')).API_PREFIX
    process.stdout.write(JSON.stringify({ prefix, table }))`
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' })
  return JSON.parse(out) as Contract
}

let contract: Contract | null = null
const read = (): Contract => (contract ??= readContract())

/** The source that stands in for one endpoint module in the app's bundles. */
export function clientEndpointSource(file: string): string {
  const entries = read().table[path.basename(file, '.ts')]
  if (!entries) throw new Error(`client-api-table: ${file} is not an endpoint module of ${ENDPOINTS_DIR}`)
  return Object.entries(entries)
    .map(([key, fields]) => `export const ${key} = ${JSON.stringify(fields)}\n`)
    .join('')
}

/** The full path of one endpoint (`/api/v1/public/sign/:token`), by module and export name. */
export function endpointPath(module: string, name: string): string {
  const ep = read().table[module]?.[name]
  if (!ep) throw new Error(`client-api-table: no endpoint ${module}.${name}`)
  return read().prefix + String(ep.path)
}
