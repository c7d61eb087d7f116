export default definePageConfig({ navigationBarTitleText: '发放资料' })
