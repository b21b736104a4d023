// Event audit browser: filters (host, rule, decision, time range, correlation id), pagination, drill-down.
import { api, qs } from '../api.js';
import { clear, fmtTime, h, pager, stateBox, table } from '../dom.js';

function toIso(local) {
  return local ? new Date(local).toISOString() : '';
}

export function eventsView(root) {
  const f = {
    hostname: h('input', { id: 'ev-host', placeholder: 'hostname' }),
    rule_id: h('input', { id: 'ev-rule', placeholder: 'rule id', inputmode: 'numeric' }),
    decision: h('input', { id: 'ev-decision', placeholder: 'decision' }),
    correlation_id: h('input', { id: 'ev-cid', placeholder: 'correlation id' }),
    start: h('input', { id: 'ev-start', type: 'datetime-local' }),
    end: h('input', { id: 'ev-end', type: 'datetime-local' }),
  };
  const out = h('div', { class: 'card', id: 'events' });
  const detail = h('div', { class: 'card', id: 'event-detail', hidden: true });
  root.append(
    h('h2', { text: 'Event audit' }),
    h(
      'form',
      {
        class: 'card row',
        onsubmit: (e) => {
          e.preventDefault();
          load(1);
        },
      },
      ...Object.entries(f).map(([k, el]) => h('label', {}, k.replace('_', ' '), el)),
      h('button', { type: 'submit', id: 'ev-apply', text: 'Apply' }),
      h('button', {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          for (const el of Object.values(f)) el.value = '';
          load(1);
        },
        text: 'Clear',
      }),
    ),
    detail,
    out,
  );

  async function load(page) {
    clear(out).append(stateBox('loading', 'Loading audit rows…'));
    try {
      const r = await api(
        'GET',
        `/audit-logs${qs({ page, limit: 25, hostname: f.hostname.value, rule_id: f.rule_id.value, decision: f.decision.value, correlation_id: f.correlation_id.value, start_date: toIso(f.start.value), end_date: toIso(f.end.value) })}`,
      );
      clear(out);
      if (r.logs.length === 0) {
        out.append(stateBox('empty', 'No audit rows match these filters.'));
        return;
      }
      out.append(
        table(
          [
            { label: 'Time', render: (x) => fmtTime(x.event_timestamp) },
            { label: 'Host', key: 'hostname' },
            { label: 'Rule', key: 'matched_rule_id' },
            { label: 'Decision', key: 'handling_decision' },
            { label: 'Forwarded', render: (x) => (x.forwarded_to_moog ? 'yes' : 'no'), cls: 'hide-sm' },
            { label: 'Correlation id', key: 'correlation_id', cls: 'hide-sm' },
          ],
          r.logs,
          (x) => drill(x),
        ),
        pager(r.pagination, load),
      );
    } catch (err) {
      clear(out).append(stateBox('error', `Failed to load audit logs: ${err.message}`));
    }
  }

  async function drill(row) {
    detail.hidden = false;
    clear(detail).append(
      h('h3', { text: `Correlation id ${row.correlation_id || '(none)'}` }),
      h('pre', { text: pretty(row.raw_message) }),
    );
    if (!row.correlation_id) return;
    try {
      const r = await api('GET', `/audit-logs${qs({ correlation_id: row.correlation_id, limit: 50 })}`);
      detail.append(
        h('p', { class: 'muted', text: `${r.pagination.total} audit row(s) share this correlation id.` }),
        table(
          [
            { label: 'Time', render: (x) => fmtTime(x.event_timestamp) },
            { label: 'Rule', key: 'matched_rule_id' },
            { label: 'Decision', key: 'handling_decision' },
          ],
          r.logs,
        ),
      );
    } catch (err) {
      detail.append(stateBox('error', err.message));
    }
  }
  load(1);
  return null;
}

function pretty(raw) {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw ?? '';
  }
}
