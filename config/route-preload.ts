// Each page's scripts start downloading with the app's own: a small inline script in <head> looks at the route in
// the address (#/pages/sign/index?…, or the first page when there is none) and adds <link rel="preload"> for that
// page's chunks. Without it they were requested only after the app's ~100 KB had arrived and run, one more round
// trip (400 ms on one bar of signal) before a resident's signing page or the worker's list could show.
// A page that reads one public endpoint named by its address (the resident's signing page: its link's token) also
// has that GET started here; src/platform/http.ts takes the answer over instead of asking again.
// A route with a page of its own outside the app (the signing page's sign.html) is sent there from index.html: links
// made before that page existed name #/pages/sign/index on the app's page.
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

/** Route → the public GET its page opens with, `:name` filled from the address's query (`?token=…`). */
export type RouteReads = Record<string, string>

/** Route → the page (e.g. "/sign.html") that shows it instead of the app. */
export type OwnPages = Record<string, string>

/**
 * The inline script: `first` is the page shown when the address names none. A started read is left as
 * window.__fzPrefetch = { url, xhr } for the app's HTTP client.
 */
export function preloadScript(routes: Record<string, string[]>, reads: RouteReads, first: string, own: OwnPages = {}): string {
  return (
    `!function(r,d,o){var h=location.hash.slice(1).split("?"),p=h[0]||${JSON.stringify(first)},q={};` +
    `if(o[p])return location.replace(o[p]+location.hash);` +
    `(h[1]||"").split("&").forEach(function(kv){var i=kv.indexOf("=");if(i>0)q[kv.slice(0,i)]=decodeURIComponent(kv.slice(i+1))});` +
    `(r[p]||[]).forEach(function(f){var l=document.createElement("link");l.rel="preload";l.as="script";l.href=f;document.head.appendChild(l)});` +
    `var t=d[p],ok=!!t;if(!ok)return;` +
    `var u=t.replace(/:([A-Za-z]+)/g,function(m,n){if(!q[n])ok=!1;return encodeURIComponent(q[n]||"")});if(!ok)return;` +
    `var x=new XMLHttpRequest;x.open("GET",u);x.send();window.__fzPrefetch={url:u,xhr:x}}` +
    `(${JSON.stringify(routes)},${JSON.stringify(reads)},${JSON.stringify(own)})`
  )
}

/** index.html, the app's page: the other pages of the build (sign.html) get only the reads. */
const APP_PAGE = 'index.html'

export class RoutePreloadPlugin {
  constructor(
    private readonly first: string,
    private readonly reads: RouteReads = {},
    private readonly own: OwnPages = {},
    private readonly publicPath = '/',
  ) {}

  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap(NAME, (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(NAME, (data) => {
        const app = data.outputName === APP_PAGE
        const routes = app ? routeScripts(compilation, this.publicPath) : {}
        const script = preloadScript(routes, this.reads, this.first, app ? this.own : {})
        data.headTags.unshift(HtmlWebpackPlugin.createHtmlTagObject('script', {}, script))
        return data
      })
    })
  }
}
