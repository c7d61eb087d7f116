export default definePageConfig({
  navigationBarTitleText: '行动与目标',
  backgroundTextStyle: 'dark',
})
