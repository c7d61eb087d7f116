export default definePageConfig({
  navigationBarTitleText: '缺口清单',
  backgroundTextStyle: 'dark',
})
