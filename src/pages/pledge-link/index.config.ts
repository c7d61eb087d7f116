export default definePageConfig({ navigationBarTitleText: '居民扫码签署' })
