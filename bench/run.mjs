#!/usr/bin/env node
// Runs one benchmark compiled into .bench-build/ by `npm run bench:build` (each bench:<name> script does that first).
// Usage: node bench/run.mjs <name> [flags], e.g. node bench/run.mjs alerter --events 2000
const NAMES = ['alerter', 'forwarder', 'ingest', 'rule-regex-cost', 'rules', 'webui'];
const [name, ...args] = process.argv.slice(2);
if (name === undefined || !NAMES.includes(name)) {
  process.stderr.write(`usage: node bench/run.mjs <${NAMES.join('|')}> [flags]\n`);
  process.exit(2);
}
const { main } = await import(new URL(`../.bench-build/bench/${name}.js`, import.meta.url).href);
await main(args);
