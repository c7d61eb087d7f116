export default definePageConfig({ navigationBarTitleText: '签署承诺书', enablePageMeta: true })
