export default definePageConfig({ navigationBarTitleText: '本机记录' })
