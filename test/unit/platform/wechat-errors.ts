// What WeChat rejects device calls with (errMsg and errno as the base library reports them), for the platform tests.
export const wechatErrors = (api: string) => ({
  cancelled: { errMsg: `${api}:fail cancel` },
  denied: { errMsg: `${api}:fail auth deny` },
  deniedAndroid: { errMsg: `${api}:fail auth denied` },
  deniedBySystem: { errMsg: `${api}:fail system permission denied` },
  privacy: { errMsg: `${api}:fail privacy permission is not authorized`, errno: 104 },
  notDeclared: { errMsg: `${api}:fail api scope is not declared in the privacy agreement`, errno: 112 },
  other: { errMsg: `${api}:fail internal error` },
})
