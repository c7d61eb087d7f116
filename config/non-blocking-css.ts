// The H5 page's stylesheet is fetched as media="print" and switched to all media by the inline script at the end of
// src/index.html: a stylesheet in <head> holds the first paint, so on one bar of signal the 加载中 shell waited a
// round trip for the app's 4 KB of styles. The shell has its own inline styles; the app renders only after its
// scripts (~200 KB), long after the stylesheet has arrived.
import HtmlWebpackPlugin from 'html-webpack-plugin'
import type { Compiler } from 'webpack'

export class NonBlockingCssPlugin {
  apply(compiler: Compiler): void {
    compiler.hooks.compilation.tap('NonBlockingCssPlugin', (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('NonBlockingCssPlugin', (data) => {
        for (const tag of data.headTags) {
          if (tag.tagName === 'link' && tag.attributes.rel === 'stylesheet') tag.attributes.media = 'print'
        }
        return data
      })
    })
  }
}
