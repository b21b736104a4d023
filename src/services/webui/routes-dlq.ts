// DLQ browser (mutt:dlq:alerter|moog|dead|old_events): list with reasons, inspect, replay and purge.
// Bulk actions need `confirm: true`; the dashboard asks the operator first.
import type { FastifyRequest } from 'fastify';
import { parseQueued } from '../../core/dlq-entry.js';
import type { DlqName } from '../../core/keys.js';
import type { ApiRouter } from './api-route.js';
import { changeContext, type WebuiDeps } from './deps.js';
import { sendError } from './http-errors.js';
import { pagination, parsePage } from './paging.js';
import { replayOne } from './dlq-replay-local.js';
import { dlqActionBody, dlqBrowseQuery, dlqNameParams } from './schemas.js';

const NAMES: readonly DlqName[] = ['alerter', 'moog', 'dead', 'old_events'];
const SCAN_CAP = 10_000;

function summarise(body: string, index: number): Record<string, unknown> {
  const p = parseQueued(body);
  const e = p.ok ? p.value : {};
  const str = (k: string): string | null => (typeof e[k] === 'string' ? (e[k] as string) : null);
  return {
    index,
    body,
    parsed: p.ok,
    reason: str('_dead_reason') ?? str('_dlq_reason') ?? (p.ok ? null : p.reason),
    dlq_reason: str('_dlq_reason'),
    source: str('_dlq_source'),
    at: str('_dead_at') ?? str('_dlq_at'),
    hostname: str('hostname') ?? str('source_hostname'),
    correlation_id: str('_correlation_id') ?? str('correlation_id'),
    error: str('_dlq_error'),
    status_code: typeof e._dlq_status_code === 'number' ? e._dlq_status_code : null,
    attempts: typeof e._dlq_attempts === 'number' ? e._dlq_attempts : null,
    raw: '_raw' in e,
  };
}

export function registerDlqRoutes(api: ApiRouter, deps: WebuiDeps): void {
  const { queues, keys, store } = deps.ctx.backends;
  const tag = 'dlq';
  // Same audit_logs shape as `mutt dlq` (table_name 'dlq'); the move already happened, so a failed audit write is
  // logged rather than reported as a failed replay.
  const audit = async (
    req: FastifyRequest,
    action: 'replay' | 'purge',
    queue: string,
    oldValues: Record<string, unknown>,
    newValues: Record<string, unknown> | null,
  ): Promise<void> => {
    await store
      .recordConfigChange(
        'dlq',
        0,
        action === 'purge' ? 'DELETE' : 'UPDATE',
        { queue, action, ...oldValues },
        newValues,
        changeContext(req, `dlq ${action}`),
      )
      .catch((err: unknown) =>
        deps.ctx.logger.error(`DLQ ${action} audit write failed: ${(err as Error).message}`, {
          correlation_id: req.webuiCorrelationId,
        }),
      );
  };

  api.route('GET', '/dlq', { endpoint: 'dlq', tag, summary: 'Depth of every DLQ' }, {}, async () => {
    const depths = await Promise.all(
      NAMES.map(async (n) => ({ name: n, key: keys.dlq(n), depth: await queues.depth(keys.dlq(n)) })),
    );
    return { queues: depths };
  });

  api.route(
    'GET',
    '/dlq/:name',
    { endpoint: 'dlq', tag, summary: 'Entries of one DLQ, newest first, optionally filtered by reason' },
    { params: dlqNameParams, querystring: dlqBrowseQuery },
    async (req) => {
      const { name } = req.params;
      const q = req.query;
      const page = parsePage(q, deps.ctx.config.auditLogPageSize);
      const key = keys.dlq(name);
      const depth = await queues.depth(key);
      if (!q.reason) {
        const start = (page.page - 1) * page.limit;
        const bodies = start >= depth ? [] : await queues.range(key, start, start + page.limit - 1);
        return { queue: key, depth, entries: bodies.map((b, i) => summarise(b, start + i)), pagination: pagination(page, depth) };
      }
      // Reason filters scan at most SCAN_CAP newest entries: bounded work per request.
      const all = (await queues.range(key, 0, SCAN_CAP - 1))
        .map(summarise)
        .filter((e) => e.reason === q.reason || e.dlq_reason === q.reason);
      const start = (page.page - 1) * page.limit;
      return {
        queue: key,
        depth,
        scanned: Math.min(depth, SCAN_CAP),
        entries: all.slice(start, start + page.limit),
        pagination: pagination(page, all.length),
      };
    },
  );

  api.route(
    'POST',
    '/dlq/:name/replay',
    { endpoint: 'dlq_replay', tag, summary: 'Replay chosen entries to the queue they came from' },
    { params: dlqNameParams, body: dlqActionBody },
    async (req, reply) => {
      const { name } = req.params;
      const body = req.body;
      if (body.confirm !== true) return sendError(reply, 'MUTT_VALIDATION', 'Replay needs "confirm": true');
      const entries = body.entries ?? [];
      if (entries.length === 0) return sendError(reply, 'MUTT_VALIDATION', 'entries must list at least one entry body');
      if (body.edited_body && entries.length !== 1)
        return sendError(reply, 'MUTT_VALIDATION', 'edited_body replays exactly one entry');
      const results = [];
      for (const entry of entries) {
        const r = await replayOne(queues, keys, keys.dlq(name), entry, body.edited_body);
        results.push(r.ok ? { ok: true as const, target: r.target } : r);
        if (r.ok) await audit(req, 'replay', keys.dlq(name), { entry: entry.slice(0, 2000) }, { target: r.target });
        if (r.ok)
          deps.ctx.logger.info(`DLQ entry replayed from ${keys.dlq(name)} to ${r.target} by ${req.webuiChangedBy}`, {
            correlation_id: req.webuiCorrelationId,
          });
      }
      const replayed = results.filter((r) => r.ok).length;
      if (replayed === 0)
        return sendError(
          reply,
          'MUTT_DLQ_REPLAY_FAILED',
          results.map((r) => (r.ok ? '' : r.reason)).find((x) => x) ?? undefined,
          { results },
        );
      return { replayed, failed: results.length - replayed, results };
    },
  );

  api.route(
    'POST',
    '/dlq/:name/purge',
    { endpoint: 'dlq_purge', tag, summary: 'Delete chosen entries, or all with "all": true' },
    { params: dlqNameParams, body: dlqActionBody },
    async (req, reply) => {
      const { name } = req.params;
      const body = req.body;
      if (body.confirm !== true) return sendError(reply, 'MUTT_VALIDATION', 'Purge needs "confirm": true');
      const key = keys.dlq(name);
      let purged = 0;
      if (body.all === true) {
        purged = await queues.purge(key);
        await audit(req, 'purge', key, { all: true, purged }, null);
      } else {
        const entries = body.entries ?? [];
        if (entries.length === 0)
          return sendError(reply, 'MUTT_VALIDATION', 'entries must list at least one entry body, or send "all": true');
        for (const e of entries) {
          if (!(await queues.remove(key, e))) continue;
          purged++;
          await audit(req, 'purge', key, { entry: e.slice(0, 2000) }, null);
        }
      }
      deps.ctx.logger.warning(`Purged ${purged} entries from ${key} by ${req.webuiChangedBy}`, {
        correlation_id: req.webuiCorrelationId,
      });
      return { purged };
    },
  );
}
