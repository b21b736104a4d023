// Library behind `mutt dlq list|show|replay|purge <queue>` and `mutt circuit status|reset` (wired into commander by cli/commands/dlq.ts).
// Every function takes Backends and prints through a passed writer; JSON output with `json: true`.
import { parseQueued } from '../../core/dlq-entry.js';
import { planReplay } from '../../core/dlq-replay.js';
import { replayEntry } from '../../services/runtime/dlq-replay.js';
import type { DlqName } from '../../core/keys.js';
import { circuitConfig, type CircuitEnv } from '../../services/runtime/circuit-config.js';
import type { Backends } from '../../ports/backends.js';

export type Writer = (line: string) => void;

export interface DlqFilter {
  /** `_dlq_reason` (or `_dead_reason`) must equal this. */
  reason?: string;
  /** Only entries older than this many seconds (by `_dead_at`, then `_dlq_at`). */
  olderThanSeconds?: number;
  limit?: number;
}

export interface DlqOptions extends DlqFilter {
  json?: boolean;
  dryRun?: boolean;
  /** Called after each entry (progress bars). */
  onProgress?: (done: number, total: number) => void;
  /** Audit hook (e.g. Store.recordConfigChange); called once per replayed or purged entry. */
  audit?: (action: 'replay' | 'purge', queue: string, entry: string, target?: string) => Promise<void>;
}

interface Listed {
  index: number;
  raw: string;
  entry: Record<string, unknown> | null;
}

function ageMs(e: Record<string, unknown> | null, now: number): number | null {
  const at = e?._dead_at ?? e?._dlq_at;
  const t = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return Number.isFinite(t) ? now - t : null;
}

function matches(l: Listed, f: DlqFilter, now: number): boolean {
  if (f.reason !== undefined && l.entry?._dlq_reason !== f.reason && l.entry?._dead_reason !== f.reason) return false;
  if (f.olderThanSeconds !== undefined) {
    const a = ageMs(l.entry, now);
    if (a === null || a < f.olderThanSeconds * 1000) return false;
  }
  return true;
}

async function select(b: Backends, queue: string, f: DlqFilter): Promise<Listed[]> {
  const now = Date.now();
  const all = await b.queues.range(queue, 0, -1);
  const out: Listed[] = [];
  // Oldest first (the consuming end), like the replay order.
  for (let i = all.length - 1; i >= 0; i -= 1) {
    const raw = all[i] as string;
    const p = parseQueued(raw);
    const l = { index: i, raw, entry: p.ok ? p.value : null };
    if (matches(l, f, now)) out.push(l);
    if (f.limit !== undefined && out.length >= f.limit) break;
  }
  return out;
}

export function dlqKey(b: Backends, name: string): string {
  return ['alerter', 'moog', 'dead', 'old_events'].includes(name) ? b.keys.dlq(name as DlqName) : name;
}

export async function dlqList(b: Backends, name: string, opts: DlqOptions, write: Writer): Promise<number> {
  const queue = dlqKey(b, name);
  const rows = await select(b, queue, opts);
  if (opts.json)
    write(
      JSON.stringify({
        queue,
        depth: await b.queues.depth(queue),
        entries: rows.map((r) => ({ index: r.index, entry: r.entry ?? { _raw: r.raw } })),
      }),
    );
  else {
    write(`${queue}: ${await b.queues.depth(queue)} entr(ies), ${rows.length} matching`);
    for (const r of rows) {
      const e = r.entry ?? {};
      write(
        `[${r.index}] ${String(e._dlq_at ?? '-')} reason=${String(e._dead_reason ?? e._dlq_reason ?? 'unparsable')} correlation_id=${String(e._correlation_id ?? e.correlation_id ?? '-')} ${String(e._dlq_error ?? '').slice(0, 80)}`,
      );
    }
  }
  return rows.length;
}

export async function dlqShow(b: Backends, name: string, index: number, write: Writer): Promise<boolean> {
  const [raw] = await b.queues.range(dlqKey(b, name), index, index);
  if (raw === undefined) return false;
  const p = parseQueued(raw);
  write(p.ok ? JSON.stringify(p.value, null, 2) : raw);
  return true;
}

/** Replays matching entries through the ONE replay function; manual replays reset `_remediation_attempts`. */
export async function dlqReplay(
  b: Backends,
  name: string,
  opts: DlqOptions & { editedBody?: string },
  write: Writer,
): Promise<{ replayed: number; failed: number }> {
  const queue = dlqKey(b, name);
  const rows = await select(b, queue, opts);
  let replayed = 0;
  let failed = 0;
  const mode = { kind: 'manual' as const, ...(opts.editedBody !== undefined ? { editedBody: opts.editedBody } : {}) };
  for (const [i, r] of rows.entries()) {
    const res = opts.dryRun
      ? planReplay(r.raw, queue, b.keys, mode)
      : await replayEntry(b.queues, b.keys, queue, queue, r.raw, mode);
    if (res.ok) {
      replayed += 1;
      if (!opts.dryRun) await opts.audit?.('replay', queue, r.raw, res.target);
      if (!opts.json) write(`${opts.dryRun ? 'would replay' : 'replayed'} [${r.index}] -> ${res.target}`);
    } else {
      failed += 1;
      if (!opts.json) write(`skipped [${r.index}]: ${res.error}`);
    }
    opts.onProgress?.(i + 1, rows.length);
  }
  if (opts.json) write(JSON.stringify({ queue, dry_run: opts.dryRun === true, replayed, failed }));
  return { replayed, failed };
}

export async function dlqPurge(b: Backends, name: string, opts: DlqOptions, write: Writer): Promise<number> {
  const queue = dlqKey(b, name);
  const rows = await select(b, queue, opts);
  let purged = 0;
  for (const [i, r] of rows.entries()) {
    if (!opts.dryRun && (await b.queues.remove(queue, r.raw))) {
      purged += 1;
      await opts.audit?.('purge', queue, r.raw);
    }
    if (opts.dryRun) purged += 1;
    opts.onProgress?.(i + 1, rows.length);
  }
  write(
    opts.json
      ? JSON.stringify({ queue, dry_run: opts.dryRun === true, purged })
      : `${opts.dryRun ? 'would purge' : 'purged'} ${purged} entr(ies) from ${queue}`,
  );
  return purged;
}

export async function circuitStatus(b: Backends, env: CircuitEnv, json: boolean, write: Writer): Promise<void> {
  const cfg = await circuitConfig(env, b.configStore);
  const s = await b.circuit.status(cfg);
  const body = {
    name: 'moogsoft',
    state: s.state,
    failures: s.failures,
    threshold: cfg.threshold,
    opened_at: s.openedAtMs === null ? null : new Date(s.openedAtMs).toISOString(),
    probe_holder: s.probeHolder,
  };
  write(
    json
      ? JSON.stringify(body)
      : `Circuit breaker moogsoft: ${s.state} (failures=${s.failures}/${cfg.threshold}${body.opened_at ? `, opened ${body.opened_at}` : ''})`,
  );
}

export async function circuitReset(b: Backends, write: Writer): Promise<void> {
  const s = await b.circuit.reset();
  write(`Circuit breaker moogsoft reset: ${s.state}`);
}
