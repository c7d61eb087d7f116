// babel-preset-taro: React + TypeScript, compiled by webpack5; the weapp build runs its dependencies through it too
// (config/index.ts mini.compile.include), down to ES5. The assumptions keep that output small (the weapp main
// package has a 600 KB budget) and hold for this code: no document.all in a mini-program or the H5 app, classes
// are never called without `new`, object spread only builds fresh objects, class methods and fields may be plain
// assignments, nothing reads a function's length. (Not superIsCallableConstructor or constantSuper: Taro's runtime
// and zod extend built-ins such as Error, which those break.)
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
  assumptions: {
    noDocumentAll: true,
    noClassCalls: true,
    setSpreadProperties: true,
    setClassMethods: true,
    setPublicClassFields: true,
    ignoreFunctionLength: true,
    ignoreToPrimitiveHint: true,
  },
}
