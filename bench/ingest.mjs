#!/usr/bin/env node
// Runs the compiled ingest benchmark (npm run build first): node bench/ingest.mjs --profile redis --duration 8
const { main } = await import('../dist/bench/ingest.js');
await main(process.argv.slice(2));
