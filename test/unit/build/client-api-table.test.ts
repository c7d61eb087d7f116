// The app's bundles replace each endpoint module with its client table (config/client-api-table.ts): every
// endpoint must be there with the fields a call reads, equal to the contract's, and nothing that would pull zod in.
import fs from 'node:fs'
import path from 'node:path'
import { ENDPOINTS_DIR, clientEndpointSource } from '../../../config/client-api-table'

const CLIENT_FIELDS = ['method', 'path', 'callers', 'status', 'file', 'rawBody']

/** Evaluates a generated module (`export const name = {…}` lines) into its exports. */
function exportsOf(source: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    source
      .trim()
      .split('\n')
      .map((line) => {
        const m = /^export const (\w+) = (.*)$/.exec(line)
        if (!m) throw new Error(`unexpected line: ${line}`)
        return [m[1], JSON.parse(m[2]) as Record<string, unknown>]
      }),
  )
}

const files = fs.readdirSync(ENDPOINTS_DIR).filter((f) => f.endsWith('.ts'))

it.each(files)('%s reaches the app as its endpoints’ client fields only', async (file) => {
  const real = (await import(path.join(ENDPOINTS_DIR, file))) as Record<string, Record<string, unknown>>
  const table = exportsOf(clientEndpointSource(path.join(ENDPOINTS_DIR, file)))
  expect(Object.keys(table).sort()).toEqual(Object.keys(real).sort())
  for (const [name, ep] of Object.entries(real)) {
    const expected = Object.fromEntries(CLIENT_FIELDS.filter((k) => ep[k] !== undefined).map((k) => [k, ep[k]]))
    expect(table[name]).toEqual(expected)
    expect(table[name].method).toMatch(/^(GET|POST|PUT|DELETE)$/)
  }
})

it('refuses a file that is not an endpoint module', () => {
  expect(() => clientEndpointSource('/elsewhere/not-an-endpoint.ts')).toThrow(/not an endpoint module/)
})
