// Build configuration: one source, two targets (weapp → dist/, h5 → dist-h5/ served by the backend at '/').
import path from 'node:path'
import webpack from 'webpack'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'
import { weappApiBase } from './api-base'

const isH5 = process.env.TARO_ENV === 'h5'

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
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // Dependencies shipped as modern JavaScript (zod 4's `??` and `?.`, …) go through the same Babel preset as
      // src/, down to the ES5 that project.config.json states (es6: false) and browserslist targets: an ES2020
      // token in vendors.js is a SyntaxError at launch on iOS below 13.4. Babel's own helpers and core-js stay as
      // shipped (already ES5; transpiling them would make them import themselves). test/build/weapp-es5.test.ts
      // parses every emitted .js at ES5.
      compile: {
        include: [(file: string) => /node_modules[\\/]/.test(file) && !/node_modules[\\/](@babel[\\/]runtime|core-js|core-js-pure|regenerator-runtime)[\\/]/.test(file)],
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
      output: { filename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css' },
      postcss: {
        pxtransform: { enable: false, config: {} },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        // One bundle instead of a lazily loaded chunk per page: a worker whose signal drops after the app has
        // opened can still move between pages (a missing chunk would fail with "Loading chunk … failed").
        chain.plugin('single-chunk').use(webpack.optimize.LimitChunkCountPlugin, [{ maxChunks: 1 }])
        // That bundle is ~1,010 KB (~305 KB gzipped; the officials' chart library AntV F2 is ~160 KB of it);
        // warn only when it outgrows this budget. The weapp build keeps officials' pages in a subpackage instead.
        chain.performance.maxAssetSize(1100 * 1024).maxEntrypointSize(1100 * 1024)
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
