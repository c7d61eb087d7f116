// Build configuration: one source, two targets (weapp → dist/, h5 → dist-h5/ served by the backend at '/').
import path from 'node:path'
import { ServiceWorkerPlugin } from './service-worker/plugin'
import HtmlWebpackPlugin from 'html-webpack-plugin'
import { NonBlockingCssPlugin } from './non-blocking-css'
import { RoutePreloadPlugin } from './route-preload'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import type Chain from 'webpack-chain'
import type { Chunk } from 'webpack'
import devConfig from './dev'
import prodConfig from './prod'
import { weappApiBase } from './api-base'
import { ENDPOINTS_DIR, clientEndpointSource, endpointPath } from './client-api-table'

const isH5 = process.env.TARO_ENV === 'h5'
/** H5: the resident's signing page outside Taro (src/resident-sign), an entry of its own. */
const SIGN_ENTRY = 'sign'
const SIGN_ROUTE = '/pages/sign/index'
const SIGN_PAGE = '/sign.html'

/** Both builds carry the endpoint contract without its schemas (config/client-api-table.ts). */
function useClientApiTable(chain: Chain): void {
  chain.module
    .rule('client-api-table')
    .test((file: string) => path.dirname(file) === ENDPOINTS_DIR && file.endsWith('.ts'))
    .enforce('pre')
    .use('client-api-table')
    .loader(path.join(__dirname, 'client-api-table-loader.js'))
    .options({ source: clientEndpointSource })
}

/**
 * Dependencies that ship ES5 already (React's builds, Babel's helpers, core-js): left as they are, since running
 * them through the preset again only grows them (each `typeof` becomes a helper call) and Babel's helpers would
 * import themselves. The ES5 parse of the build (test/build/weapp-es5.test.ts) catches a package wrongly listed.
 */
const ES5_PACKAGES = /node_modules[\\/](react|react-dom|react-reconciler|scheduler|@babel[\\/]runtime|core-js|core-js-pure|regenerator-runtime)[\\/]/

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'fanzha-ruhutong',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // TARO_OUTPUT_ROOT lets two builds of one checkout run side by side without overwriting each other.
    outputRoot: process.env.TARO_OUTPUT_ROOT || (isH5 ? 'dist-h5' : 'dist'),
    alias: { '@core': path.resolve(__dirname, '..', 'src/core') },
    defineConstants: {
      // The h5 build is served by the API server itself, so it calls the same origin; the weapp build's must be
      // https unless it is a development build (config/api-base.ts). The appid comes from TARO_APP_ID (Taro writes it
      // into dist/project.config.json; the committed touristappid is only for trying the build in DevTools).
      API_BASE: JSON.stringify(isH5 ? '' : weappApiBase(process.env)),
    },
    copy: { patterns: [], options: {} },
    // H5: Preact (react and react-dom aliased to preact/compat by Taro's plugin): react-dom alone was ~45 KB gzipped
    // of the JavaScript a resident's signing link loads before it is usable (issue 14). weapp keeps React, whose
    // reconciler Taro's mini-program runtime is built and tested against. Types still come from @types/react.
    framework: isH5 ? 'preact' : 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    // weapp: WeChat templates cannot recurse, so Taro writes every element's template once per nesting level into
    // base.wxml (61 KB of the main package at the default 16, 40 KB at 8). A deeper subtree still renders, through
    // Taro's recursive comp component. Keeps the main package within its 600 KB budget.
    baseLevel: 8,
    mini: {
      // Dependencies shipped as modern JavaScript (zod 4's `??` and `?.`, …) go through the same Babel preset as
      // src/, down to the ES5 that project.config.json states (es6: false) and browserslist targets: an ES2020
      // token in vendors.js is a SyntaxError at launch on iOS below 13.4. test/build/weapp-es5.test.ts parses
      // every emitted .js at ES5.
      compile: {
        include: [(file: string) => /node_modules[\\/]/.test(file) && !ES5_PACKAGES.test(file)],
      },
      webpackChain(chain) {
        useClientApiTable(chain)
      },
      postcss: {
        // Styles are written in CSS px on purpose: text must stay ≥ 16px on a 360px-wide phone, not scale down.
        pxtransform: { enable: false, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // index.html is the app's page only; sign.html (below) is the signing page's.
      htmlPluginOption: { chunks: ['app'] },
      // Every file name carries its content hash, so the server can let browsers keep them for a year (immutable).
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'chunk/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      postcss: {
        pxtransform: { enable: false, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        useClientApiTable(chain)
        // A chunk per page (Taro's router imports each page when it is opened): a resident's signing link and the
        // worker's list load only what they show, and officials' pages and the chart library (AntV F2) load only for
        // officials. The worker's other pages are fetched once the list is up (src/platform/offline-app.ts) and the
        // service worker (config/service-worker) keeps them, so a worker whose signal drops can still move between pages.
        // Modules shared by several pages go in shared chunks instead of a copy in each.
        chain.optimization.merge({
          splitChunks: {
            // Taro's groups split what the entries share; the resident's signing page (below) stays one file of its
            // own, and the app's start keeps its two.
            chunks: (chunk: Chunk) => chunk.canBeInitial() && chunk.name !== SIGN_ENTRY,
            cacheGroups: {
              asyncShared: { chunks: 'async', minChunks: 2, minSize: 8 * 1024, priority: -10, reuseExistingChunk: true },
            },
          },
        })
        chain.performance.maxAssetSize(400 * 1024).maxEntrypointSize(400 * 1024)
        // /sw.js and /offline.html: the app reopens with no signal once it has been opened (src/platform/offline-app.ts registers it).
        if (process.env.NODE_ENV !== 'development') chain.plugin('service-worker').use(ServiceWorkerPlugin)
        // The shell paints without waiting for the stylesheets (see config/non-blocking-css.ts and src/index.html).
        chain.plugin('non-blocking-css').use(NonBlockingCssPlugin)
        // A resident's signing link opens a page of its own outside Taro, sign.html (src/resident-sign): Preact and
        // the page (~26 KB), not Taro's runtime, router and the app (~120 KB). Both pages name their scripts in the
        // HTML, so the browser fetches them while it reads the page.
        chain.entry(SIGN_ENTRY).add(path.resolve(__dirname, '..', 'src/resident-sign/main.tsx'))
        chain
          .plugin('sign-html')
          .use(HtmlWebpackPlugin, [{ filename: SIGN_PAGE.slice(1), template: path.resolve(__dirname, '..', 'src/index.html'), chunks: [SIGN_ENTRY], script: '' }])
        // The opened page's chunks download beside the app's own scripts (config/route-preload.ts); the first page of
        // src/app.config.ts (the worker's list) when the address names none. The signing page's link is read at once,
        // and the app's page sends a link to the signing page on to sign.html.
        const reads = { [SIGN_ROUTE]: endpointPath('pledges', 'signLinkView') }
        chain.plugin('route-preload').use(RoutePreloadPlugin, ['/pages/home/index', reads, { [SIGN_ROUTE]: SIGN_PAGE }])
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
