// DLQ browser: pick a queue, filter by reason, inspect entries, bulk replay or purge after confirmation.
import { api, qs } from '../api.js';
import { clear, confirmDialog, fmtTime, h, pager, stateBox, table } from '../dom.js';

export function dlqView(root) {
  const queue = h(
    'select',
    { id: 'dlq-queue' },
    ['alerter', 'moog', 'dead'].map((q) => h('option', { value: q, text: `mutt:dlq:${q}` })),
  );
  const reason = h('input', { id: 'dlq-reason', placeholder: 'reason (e.g. circuit_open)' });
  const out = h('div', { class: 'card', id: 'dlq-list' });
  const msg = h('div', { id: 'dlq-msg', role: 'status' });
  const inspect = h('div', { class: 'card', id: 'dlq-inspect', hidden: true });
  const selected = new Set();
  let page = 1;
  root.append(
    h('h2', { text: 'Dead-letter queues' }),
    h(
      'form',
      {
        class: 'card row',
        onsubmit: (e) => {
          e.preventDefault();
          load(1);
        },
      },
      h('label', {}, 'queue', queue),
      h('label', {}, 'reason', reason),
      h('button', { type: 'submit', text: 'Show' }),
      h('button', {
        type: 'button',
        id: 'dlq-replay',
        class: 'secondary',
        onclick: () => act('replay'),
        text: 'Replay selected',
      }),
      h('button', { type: 'button', id: 'dlq-purge', class: 'danger', onclick: () => act('purge'), text: 'Purge selected' }),
    ),
    msg,
    inspect,
    out,
  );
  queue.addEventListener('change', () => load(1));

  async function act(kind) {
    if (selected.size === 0) {
      clear(msg).append(stateBox('error', 'Select at least one entry first.'));
      return;
    }
    if (
      !(await confirmDialog(
        `${kind === 'replay' ? 'Replay' : 'Permanently delete'} ${selected.size} entr${selected.size === 1 ? 'y' : 'ies'} of mutt:dlq:${queue.value}?`,
      ))
    )
      return;
    try {
      const r = await api('POST', `/dlq/${queue.value}/${kind}`, { entries: [...selected], confirm: true });
      clear(msg).append(
        h('p', { class: 'ok', text: kind === 'replay' ? `Replayed ${r.replayed}, failed ${r.failed}.` : `Purged ${r.purged}.` }),
      );
    } catch (err) {
      clear(msg).append(stateBox('error', err.message));
    }
    load(page);
  }

  async function load(p) {
    page = p;
    selected.clear();
    clear(out).append(stateBox('loading', 'Loading entries…'));
    try {
      const r = await api('GET', `/dlq/${queue.value}${qs({ page: p, limit: 25, reason: reason.value })}`);
      clear(out).append(h('p', { class: 'muted', text: `${r.queue}: ${r.depth} entr${r.depth === 1 ? 'y' : 'ies'}` }));
      if (r.entries.length === 0) {
        out.append(stateBox('empty', 'This DLQ is empty.'));
        return;
      }
      out.append(
        table(
          [
            {
              label: '',
              render: (e) => {
                const cb = h('input', { type: 'checkbox', class: 'dlq-select' });
                cb.addEventListener('click', (ev) => {
                  ev.stopPropagation();
                  if (cb.checked) selected.add(e.body);
                  else selected.delete(e.body);
                });
                return cb;
              },
            },
            { label: 'Reason', key: 'reason' },
            { label: 'Source', key: 'source', cls: 'hide-sm' },
            { label: 'At', render: (e) => fmtTime(e.at) },
            { label: 'Host', key: 'hostname' },
            { label: 'Error', render: (e) => e.error || (e.status_code ? `HTTP ${e.status_code}` : ''), cls: 'hide-sm' },
          ],
          r.entries,
          (e) => {
            inspect.hidden = false;
            clear(inspect).append(h('h3', { text: 'Entry' }), h('pre', { text: pretty(e.body) }));
          },
        ),
        pager(r.pagination, load),
      );
    } catch (err) {
      clear(out).append(stateBox('error', `Could not read the DLQ: ${err.message}`));
    }
  }
  load(1);
  return null;
}

function pretty(raw) {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}
