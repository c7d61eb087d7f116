export default definePageConfig({ navigationBarTitleText: '名册维护' })
