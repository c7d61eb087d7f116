export default definePageConfig({
  navigationBarTitleText: '电话抽查',
  backgroundTextStyle: 'dark',
})
