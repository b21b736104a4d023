// A worker_threads entry URL that runs a TypeScript source under test: vitest does not transform worker code, so
// the worker first registers ts-loader-hooks.mjs (esbuild strip) and then imports the .ts entry.
const HOOKS = new URL('./ts-loader-hooks.mjs', import.meta.url);

export function tsWorkerUrl(entry: URL): URL {
  const boot = `import { register } from 'node:module'; register(${JSON.stringify(HOOKS.href)}); await import(${JSON.stringify(entry.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

/** The web UI's dry-run worker, from source. */
export const ruleDryRunWorkerTs = tsWorkerUrl(new URL('../../src/services/webui/rule-dry-run-worker.ts', import.meta.url));
