// Webpack loader: an endpoint module of src/core/api/endpoints becomes its client table (config/client-api-table.ts).
module.exports = function clientApiTableLoader() {
  return this.getOptions().source(this.resourcePath)
}
