// How index.html starts: a small inline script in <head> reads the route in the address (#/pages/sign/index?…, or the
// first page when there is none) and picks what to load.
// - The entry: a route with a page of its own outside Taro (the resident's signing link: src/resident-sign) loads
//   that entry's scripts; any other route loads the app. So the static page names no script: the script at the end
//   of <body> adds the chosen entry's, in order, once #app exists.
// - The entry's stylesheets, fetched as media="print" and switched to all media when they arrive: a stylesheet in
//   <head> holds the first paint, and on one bar of signal the 加载中 shell waited a round trip for it.
// - The app's page chunks for the route, as <link rel="preload">: without them they were requested only after the
//   app's ~100 KB had arrived and run, one more round trip (400 ms on one bar) before the worker's list could show.
// - A page that reads one public endpoint named by its address (the signing page: its link's token) has that GET
//   started at once; src/platform/http.ts takes the answer over instead of asking again.
import HtmlWebpackPlugin from 'html-webpack-plugin'
import type { Compilation, Compiler } from 'webpack'

const NAME = 'BootScriptPlugin'
const APP_ENTRY = 'app'

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

export interface EntryFiles {
  js: string[]
  css: string[]
}

/** Entry name → its initial scripts and stylesheets, in the order HtmlWebpackPlugin would have written them. */
export function entryFiles(compilation: Compilation, publicPath: string): Record<string, EntryFiles> {
  const entries: Record<string, EntryFiles> = {}
  for (const [name, entrypoint] of compilation.entrypoints) {
    const files = entrypoint.getFiles().map((f) => publicPath + f)
    entries[name] = { js: files.filter((f) => f.endsWith('.js')), css: files.filter((f) => f.endsWith('.css')) }
  }
  return entries
}

/** Route → the public GET its page opens with, `:name` filled from the address's query (`?token=…`). */
export type RouteReads = Record<string, string>

/** Route → the entry that shows it instead of the app. */
export type Standalone = Record<string, string>

export interface BootPlan {
  entries: Record<string, EntryFiles>
  standalone: Standalone
  routes: Record<string, string[]>
  reads: RouteReads
  /** The page shown when the address names none. */
  first: string
}

/**
 * The <head> script. It leaves the chosen entry's scripts as window.__fzScripts for bodyScript(), and a started read
 * as window.__fzPrefetch = { url, xhr } for the app's HTTP client.
 */
export function headScript({ entries, standalone, routes, reads, first }: BootPlan): string {
  return (
    `!function(E,S,R,D){var h=location.hash.slice(1).split("?"),p=h[0]||${JSON.stringify(first)},q={},d=document;` +
    `(h[1]||"").split("&").forEach(function(kv){var i=kv.indexOf("=");if(i>0)q[kv.slice(0,i)]=decodeURIComponent(kv.slice(i+1))});` +
    `var e=E[S[p]||${JSON.stringify(APP_ENTRY)}];window.__fzScripts=e.js;` +
    `e.css.forEach(function(f){var l=d.createElement("link");l.rel="stylesheet";l.href=f;l.media="print";l.onload=function(){l.media="all"};d.head.appendChild(l)});` +
    `if(!S[p])(R[p]||[]).forEach(function(f){var l=d.createElement("link");l.rel="preload";l.as="script";l.href=f;d.head.appendChild(l)});` +
    `var t=D[p],ok=!!t;if(!ok)return;` +
    `var u=t.replace(/:([A-Za-z]+)/g,function(m,n){if(!q[n])ok=!1;return encodeURIComponent(q[n]||"")});if(!ok)return;` +
    `var x=new XMLHttpRequest;x.open("GET",u);x.send();window.__fzPrefetch={url:u,xhr:x}}` +
    `(${JSON.stringify(entries)},${JSON.stringify(standalone)},${JSON.stringify(routes)},${JSON.stringify(reads)})`
  )
}

/** The end of <body>: the chosen entry's scripts, run in order (async=false) once the page's elements exist. */
export const BODY_SCRIPT =
  '(window.__fzScripts||[]).forEach(function(f){var s=document.createElement("script");s.src=f;s.async=!1;document.body.appendChild(s)})'

export class BootScriptPlugin {
  constructor(
    private readonly first: string,
    private readonly standalone: Standalone = {},
    private readonly reads: RouteReads = {},
    private readonly publicPath = '/',
  ) {}

  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap(NAME, (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(NAME, (data) => {
        const entries = entryFiles(compilation, this.publicPath)
        const named = new Set(Object.values(entries).flatMap((e) => [...e.js, ...e.css]))
        const written = (tag: HtmlWebpackPlugin.HtmlTagObject) => named.has(String(tag.attributes.src ?? tag.attributes.href ?? ''))
        const plan = { entries, standalone: this.standalone, routes: routeScripts(compilation, this.publicPath), reads: this.reads, first: this.first }
        data.headTags = [HtmlWebpackPlugin.createHtmlTagObject('script', {}, headScript(plan)), ...data.headTags.filter((t) => !written(t))]
        data.bodyTags = [...data.bodyTags.filter((t) => !written(t)), HtmlWebpackPlugin.createHtmlTagObject('script', {}, BODY_SCRIPT)]
        return data
      })
    })
  }
}
