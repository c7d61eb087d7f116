// The three install steps of "三个100%" (installed, registered with the real name, warnings on). No zod here: the
// app's first screens read these before any schema is needed (config/client-api-table.ts says why that matters).
export const INSTALL_STEPS = ['installed', 'real_name', 'warning_on'] as const
export type InstallStep = (typeof INSTALL_STEPS)[number]

export const INSTALL_STEP_LABEL: Record<InstallStep, string> = {
  installed: '已安装',
  real_name: '已实名注册',
  warning_on: '已开启来电/短信预警',
}
