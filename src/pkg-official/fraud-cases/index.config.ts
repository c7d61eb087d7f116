export default definePageConfig({
  navigationBarTitleText: '逐案倒查',
  backgroundTextStyle: 'dark',
})
