// Texts of the worker's pledge copy page only (its own package's, so the main package does not carry them).

export const zhPledgeCopy = {
  dataRequest: '居民要查阅、更正或撤回这份承诺书',
}
