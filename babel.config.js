// babel-preset-taro: React + TypeScript, compiled by webpack5.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
}
