// Migrations are frozen: one that imported application code would change what it did whenever that code changed.
import fs from 'node:fs'
import path from 'node:path'

const DIR = path.resolve(__dirname, '../../../server/src/db/migrations')

it('imports nothing but kysely in any migration', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts'))
  expect(files.length).toBeGreaterThan(0)
  for (const f of files) {
    const sources = [...fs.readFileSync(path.join(DIR, f), 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]/g)].map(
      (m) => m[1] ?? m[2] ?? m[3],
    )
    expect({ file: f, imports: sources.filter((s) => s !== 'kysely') }).toEqual({ file: f, imports: [] })
  }
})
