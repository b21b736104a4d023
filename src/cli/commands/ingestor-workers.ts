// `mutt ingestor --workers N`: N processes share the listening ports through node:cluster (like Gunicorn workers).
import cluster from 'node:cluster';
import type { Config, Env } from '../../config/load.js';
import { runServices } from '../run-services.js';

export async function runIngestorWorkers(config: Config, workers: number, env?: () => Env): Promise<void> {
  if (workers <= 1 || !cluster.isPrimary) {
    await runServices(config, ['ingestor'], { profile: 'redis-postgres', env });
    return;
  }
  process.title = 'mutt ingestor_service (primary)';
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code) => {
    if (!stopping) {
      process.stderr.write(`ingestor worker ${worker.process.pid} exited with ${code}; starting a replacement\n`);
      cluster.fork();
    }
  });
  const stop = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    cluster.on('exit', () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGHUP');
  });
}
