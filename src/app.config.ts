import { MAIN_PAGES, OFFICIAL_PAGES, OFFICIAL_ROOT, OWN_PACKAGE_PAGES, ownPackage } from './pages/routes'

/** The worker's own packages (all but the resident's signing page and 投诉建议, which needs a signal anyway), fetched as soon as the list opens. */
const WORKER_PACKAGES = Object.values(OWN_PACKAGE_PAGES)
  .filter((p) => p !== OWN_PACKAGE_PAGES.sign && p !== OWN_PACKAGE_PAGES.feedback)
  .map((p) => ownPackage(p).root)

// The list, a household, login and the outbox are the main package; the record forms, 居民扫码签署 and 名册维护 are
// small packages of their own, preloaded with the list and a household page so they open where there is no signal;
// the officials' views load as a subpackage only when opened.
export default defineAppConfig({
  pages: Object.values(MAIN_PAGES),
  subPackages: [{ root: OFFICIAL_ROOT, pages: Object.values(OFFICIAL_PAGES) }, ...Object.values(OWN_PACKAGE_PAGES).map(ownPackage)],
  preloadRule: {
    [MAIN_PAGES.home]: { network: 'all', packages: WORKER_PACKAGES },
    [MAIN_PAGES.household]: { network: 'all', packages: WORKER_PACKAGES },
  },
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f2f3f5',
    navigationBarBackgroundColor: '#b71c1c',
    navigationBarTitleText: '反诈入户通',
    navigationBarTextStyle: 'white',
  },
  permission: {
    'scope.userLocation': { desc: '登记走访时记录所在位置，便于核查走访真实性' },
  },
  requiredPrivateInfos: ['getLocation'],
  lazyCodeLoading: 'requiredComponents',
})
