// babel-preset-taro: React + TypeScript, compiled by webpack5. The weapp build also runs dependencies through it
// (config/index.ts mini.compile.include); those are CommonJS or ES modules, so Babel tells which from the file.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
  overrides: [{ test: /[\\/]node_modules[\\/]/, sourceType: 'unambiguous' }],
}
