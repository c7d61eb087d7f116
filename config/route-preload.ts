// Each page's scripts start downloading with the app's own: a small inline script in <head> looks at the route in
// the address (#/pages/sign/index?…, or the first page when there is none) and adds <link rel="preload"> for that
// page's chunks. Without it they were requested only after the app's ~100 KB had arrived and run, one more round
// trip (400 ms on one bar of signal) before a resident's signing page or the worker's list could show.
import HtmlWebpackPlugin from 'html-webpack-plugin'
import type { Compilation, Compiler } from 'webpack'

const NAME = 'RoutePreloadPlugin'

/** Route ("/pages/sign/index") → the .js files its lazy import loads, from the page imports of Taro's app entry. */
export function routeScripts(compilation: Compilation, publicPath: string): Record<string, string[]> {
  const routes: Record<string, string[]> = {}
  for (const group of compilation.chunkGroups) {
    if (group.isInitial()) continue
    const request = group.origins.map((o) => o.request).find((r) => typeof r === 'string' && /^\.\/(pages|pkg-[\w-]+)\//.test(r))
    if (!request) continue
    const files = group.chunks.flatMap((c) => [...c.files]).filter((f) => f.endsWith('.js'))
    routes[request.slice(1)] = files.map((f) => publicPath + f)
  }
  return routes
}

/** The inline script: `first` is the page shown when the address names none. */
export function preloadScript(routes: Record<string, string[]>, first: string): string {
  return (
    `!function(r){var p=(location.hash.slice(1).split("?")[0])||${JSON.stringify(first)};` +
    `(r[p]||[]).forEach(function(f){var l=document.createElement("link");l.rel="preload";l.as="script";l.href=f;document.head.appendChild(l)})}` +
    `(${JSON.stringify(routes)})`
  )
}

export class RoutePreloadPlugin {
  constructor(private readonly first: string, private readonly publicPath = '/') {}

  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap(NAME, (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(NAME, (data) => {
        const script = preloadScript(routeScripts(compilation, this.publicPath), this.first)
        data.headTags.unshift(HtmlWebpackPlugin.createHtmlTagObject('script', {}, script))
        return data
      })
    })
  }
}
