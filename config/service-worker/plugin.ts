// Emits the H5 build's service worker (/sw.js, from sw.js here) and its Chinese offline page (/offline.html).
// The worker precaches the page and every script and style file except those only officials' pages use (their
// pages under src/pkg-official and the chart library): a grid worker's phone keeps what it needs to reopen the
// list and every record form with no signal, without downloading the officials' views it never opens.
import fs from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import type { Chunk, Compilation, Compiler } from 'webpack'

const OFFICIAL_PAGE = /[\\/]src[\\/]pkg-official[\\/]/

/** True when every chunk group (page load) the chunk belongs to is an officials' page's (or one it imports itself). */
function officialsOnly(chunk: Chunk, compilation: Compilation): boolean {
  if (chunk.canBeInitial()) return false
  const groups = [...chunk.groupsIterable]
  const hasOfficialModule = (c: Chunk) =>
    [...compilation.chunkGraph.getChunkModulesIterable(c)].some((m) => OFFICIAL_PAGE.test(m.nameForCondition() ?? ''))
  const official = (group: (typeof groups)[number], depth = 0): boolean =>
    group.chunks.some(hasOfficialModule) || (depth < 8 && [...group.parentsIterable].some((p) => !p.isInitial() && official(p, depth + 1)))
  return groups.length > 0 && groups.every(official)
}

export class ServiceWorkerPlugin {
  apply(compiler: Compiler): void {
    const { webpack } = compiler
    compiler.hooks.thisCompilation.tap('ServiceWorkerPlugin', (compilation: Compilation) => {
      compilation.hooks.processAssets.tap({ name: 'ServiceWorkerPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, () => {
        const skip = new Set<string>()
        for (const chunk of compilation.chunks) {
          if (officialsOnly(chunk, compilation)) for (const file of [...chunk.files, ...chunk.auxiliaryFiles]) skip.add(file)
        }
        const publicPath = String(compilation.outputOptions.publicPath ?? '/')
        const precache = Object.keys(compilation.assets)
          .filter((f) => /\.(js|css)$/.test(f) && !skip.has(f))
          .sort()
          .map((f) => publicPath + f)
        const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12)
        const template = fs.readFileSync(path.join(__dirname, 'sw.js'), 'utf8')
        const source = template
          .replace('self.__SW_VERSION__', JSON.stringify(version))
          .replace('self.__SW_PRECACHE__', JSON.stringify(precache))
        compilation.emitAsset('sw.js', new webpack.sources.RawSource(source))
        compilation.emitAsset('offline.html', new webpack.sources.RawSource(fs.readFileSync(path.join(__dirname, 'offline.html'))))
      })
    })
  }
}
