export default definePageConfig({ navigationBarTitleText: '上级平台导出格式' })
