// The page is built from playground/page at start, in memory, with the esbuild the tools already
// use: no CDN, no build step to forget, and a change to a page source shows on the next start.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

export interface PageBundle {
  js: string;
  css: string;
}

export async function buildPage(): Promise<PageBundle> {
  const result = await build({
    entryPoints: { app: fileURLToPath(new URL('./page/main.tsx', import.meta.url)) },
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const text = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: text('.js'), css: text('.css') };
}
