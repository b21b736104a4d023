#!/usr/bin/env node
// Runs the compiled rule-engine benchmark (npm run build first): node bench/rules.mjs --rules 1000 --seconds 3
const { main } = await import('../dist/bench/rules.js');
await main(process.argv.slice(2));
