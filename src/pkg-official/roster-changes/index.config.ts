export default definePageConfig({
  navigationBarTitleText: '名册变更',
  backgroundTextStyle: 'dark',
})
