export default definePageConfig({
  navigationBarTitleText: '覆盖统计',
  // Pull-down refresh in the mini-program. The h5 page has the 刷新 button and the browser's own pull-to-reload;
  // Taro's h5 pull-to-refresh wrapper also confuses click hit-testing after a page is popped.
  enablePullDownRefresh: process.env.TARO_ENV !== 'h5',
  backgroundTextStyle: 'dark',
})
