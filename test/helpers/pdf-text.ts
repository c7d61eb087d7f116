// Reads a PDF's text with Mozilla's PDF.js, as a viewer would: proves the Chinese is real text, not boxes.
import { execFile } from 'node:child_process'

// PDF.js is ESM-only and loads its worker with a dynamic import, which jest's module sandbox refuses;
// a plain node child process runs it as published.
const READER = `
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
const chunks = []
for await (const c of process.stdin) chunks.push(c)
const doc = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), verbosity: 0 }).promise
const pages = []
for (let i = 1; i <= doc.numPages; i++) {
  const content = await (await doc.getPage(i)).getTextContent()
  pages.push(content.items.map((it) => it.str + (it.hasEOL ? '\\n' : '')).join(''))
}
process.stdout.write(JSON.stringify({ pages }))
`

/** The text of each page, in reading order. */
export function pdfPages(pdf: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', READER],
      { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`PDF.js could not read the PDF: ${stderr || err.message}`))
        resolve((JSON.parse(stdout) as { pages: string[] }).pages)
      },
    )
    child.stdin!.end(pdf)
  })
}
