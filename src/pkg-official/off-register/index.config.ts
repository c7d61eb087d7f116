export default definePageConfig({
  navigationBarTitleText: '不在名册',
  backgroundTextStyle: 'dark',
})
