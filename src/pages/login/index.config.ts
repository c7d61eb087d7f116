export default definePageConfig({ navigationBarTitleText: '反诈入户通' })
