#!/usr/bin/env node
// Runs the compiled dashboard-API benchmark (npm run build first): node bench/webui.mjs --rows 1000000 --iterations 30
const { main } = await import('../dist/bench/webui.js');
await main(process.argv.slice(2));
