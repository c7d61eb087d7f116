import { MAIN_PAGES, OFFICIAL_PAGES, OFFICIAL_ROOT, OWN_PACKAGE_PAGES, ownPackage } from './pages/routes'

// The worker's pages stay in the main package; the officials' views load as a subpackage only when opened.
export default defineAppConfig({
  pages: Object.values(MAIN_PAGES),
  subPackages: [{ root: OFFICIAL_ROOT, pages: Object.values(OFFICIAL_PAGES) }, ...Object.values(OWN_PACKAGE_PAGES).map(ownPackage)],
  // 居民扫码签署 and 名册维护 may be needed where there is no signal: fetch their packages while the worker opens the
  // list or a household.
  preloadRule: {
    [MAIN_PAGES.home]: { network: 'all', packages: [ownPackage(OWN_PACKAGE_PAGES.roster).root] },
    [MAIN_PAGES.household]: { network: 'all', packages: [ownPackage(OWN_PACKAGE_PAGES.pledgeLink).root, ownPackage(OWN_PACKAGE_PAGES.roster).root] },
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
