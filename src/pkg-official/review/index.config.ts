export default definePageConfig({
  navigationBarTitleText: '核查队列',
  backgroundTextStyle: 'dark',
})
