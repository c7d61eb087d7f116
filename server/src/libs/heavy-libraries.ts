// Libraries that each add 13–28 MB to a process once loaded (exceljs 27, pdfkit 23, sharp 19, archiver 18, docx 13;
// measured as RSS after require): loaded by the first request that needs one, not at start, so an idle process and a
// screenshots zip export stay small (issue 12: peak RSS ≤ 256 MB). import() caches, so each loads once.
export const loadExcel = () => import('exceljs').then((m) => m.default)
export const loadPdfKit = () => import('pdfkit').then((m) => m.default)
export const loadSharp = () => import('sharp').then((m) => m.default)
export const loadArchiver = () => import('archiver').then((m) => m.default)
