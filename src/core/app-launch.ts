// When the 国家反诈中心 app came out: no install step can be dated earlier.

/**
 * The first day an install of the 国家反诈中心 app can be real. The app was published in March 2021 (公安部刑事侦查局;
 * 广州日报 reported it "正式上线" on 2021-03-16); DOMAIN.md names no date. The 1st of the month keeps every genuine
 * early install on the right side. The server refuses install steps dated earlier (services/record-kinds.ts) and the
 * app's date pickers start here.
 */
export const APP_LAUNCH_DATE = '2021-03-01'
