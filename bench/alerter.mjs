#!/usr/bin/env node
// Runs the compiled alerter benchmark (npm run build first): node bench/alerter.mjs --events 100000 --rules 1000
const { main } = await import('../dist/bench/alerter.js');
await main(process.argv.slice(2));
