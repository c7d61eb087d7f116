/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'

/** API origin for the weapp build (TARO_APP_API_BASE); '' on h5, which is served by the API server. */
declare const API_BASE: string

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production'
    TARO_ENV: 'weapp' | 'h5'
    TARO_APP_API_BASE?: string
  }
}
