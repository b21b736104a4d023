#!/usr/bin/env node
// Runs src/bench/forwarder.ts through vite-node (no build step). Usage:
//   MUTT_TEST_PROFILE=redis-postgres BENCH_ALERTS=20000 node bench/forwarder.mjs
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const r = spawnSync('npx', ['vite-node', 'src/bench/forwarder.ts'], { cwd: root, stdio: 'inherit', env: process.env });
process.exit(r.status ?? 1);
