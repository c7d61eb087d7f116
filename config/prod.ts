// Production build: Taro's defaults (minified, tree-shaken), with Chinese text kept as UTF-8 in the mini-program's
// JavaScript: Taro escapes every non-ASCII character (\uXXXX, 6 bytes for what UTF-8 writes in 3), which cost the
// weapp main package ~16 KB of its 600 KB budget. WeChat reads package files as UTF-8 (its .wxml already are).
import type { UserConfigExport } from '@tarojs/cli'

export default {
  terser: { enable: true, config: { output: { ascii_only: false } } },
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>
