// Serves the hand-written dashboard in web/ (resolved from the package root, so it works from src/ under
// vitest and from dist/ after `npm run build`). Page shells are public; they embed no data.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

export const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The SPA shell answers for these paths; the client router picks the view. */
const SHELL_PATHS = ['/', '/audit', '/rules', '/audit-logs', '/dev-hosts', '/teams', '/config', '/dlq'];

export function registerStaticAssets(app: FastifyInstance, root = WEB_ROOT): void {
  const shell = async (): Promise<Buffer> => readFile(join(root, 'index.html'));
  for (const path of SHELL_PATHS) {
    app.get(path, { config: { webuiPublic: true } }, async (_req, reply) => {
      if (!existsSync(join(root, 'index.html')))
        return reply.code(503).type('text/plain').send('Dashboard assets missing: web/index.html not found');
      return reply
        .headers(SECURITY_HEADERS)
        .type(TYPES['.html'] as string)
        .send(await shell());
    });
  }
  app.get('/static/*', { config: { webuiPublic: true } }, async (req, reply) => {
    const rel = (req.params as { '*': string })['*'];
    const full = normalize(join(root, rel));
    if (!full.startsWith(normalize(root) + (normalize(root).endsWith(sep) ? '' : sep)) || rel.includes('\0')) {
      return reply.code(404).send({ error: 'Not found', code: 'MUTT_NOT_FOUND' });
    }
    try {
      const data = await readFile(full);
      return reply
        .headers(SECURITY_HEADERS)
        .type(TYPES[extname(full)] ?? 'application/octet-stream')
        .header('cache-control', 'no-cache')
        .send(data);
    } catch {
      return reply.code(404).send({ error: 'Not found', code: 'MUTT_NOT_FOUND' });
    }
  });
}
