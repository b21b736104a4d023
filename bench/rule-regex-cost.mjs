#!/usr/bin/env node
// Worst CPU per event of one admitted regex rule (npm run build first): node bench/rule-regex-cost.mjs --budget 300
const { main } = await import('../dist/bench/rule-regex-cost.js');
main(process.argv.slice(2));
