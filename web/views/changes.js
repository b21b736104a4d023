// Configuration change audit (rules, hosts, teams, dynamic config): filters, 20 per page, expandable diffs.
import { api, qs } from '../api.js';
import { badge, clear, fmtTime, h, pager, stateBox, table } from '../dom.js';

function summary(c) {
  if (c.operation === 'CREATE') return `Created with ${Object.keys(c.new_values || {}).length} fields`;
  if (c.operation === 'DELETE') return 'Record deleted';
  return `Updated ${Object.keys(c.new_values || {}).length} field(s)`;
}

export function changesView(root) {
  const f = {
    changed_by: h('input', { placeholder: 'user / key' }),
    operation: h(
      'select',
      {},
      ['', 'CREATE', 'UPDATE', 'DELETE'].map((o) => h('option', { value: o, text: o || 'All' })),
    ),
    table_name: h(
      'select',
      {},
      ['', 'alert_rules', 'dynamic_config', 'dev_hosts', 'device_teams'].map((o) => h('option', { value: o, text: o || 'All' })),
    ),
    record_id: h('input', { placeholder: 'record id', inputmode: 'numeric' }),
  };
  const out = h('div', { class: 'card', id: 'changes' });
  root.append(
    h('h2', { text: 'Configuration audit' }),
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
      h('button', { type: 'submit', text: 'Apply filters' }),
    ),
    out,
  );

  async function load(page) {
    clear(out).append(stateBox('loading', 'Loading…'));
    try {
      const r = await api(
        'GET',
        `/config-audit${qs({ page, limit: 20, changed_by: f.changed_by.value, operation: f.operation.value, table_name: f.table_name.value, record_id: f.record_id.value })}`,
      );
      clear(out);
      if (r.changes.length === 0) {
        out.append(stateBox('empty', 'No audit logs match.'));
        return;
      }
      out.append(
        table(
          [
            { label: 'Timestamp', render: (c) => fmtTime(c.changed_at) },
            { label: 'User', key: 'changed_by', cls: 'hide-sm' },
            { label: 'Operation', render: (c) => badge(c.operation) },
            { label: 'Table', key: 'table_name' },
            { label: 'Record', key: 'record_id', cls: 'hide-sm' },
            { label: 'Changes', render: summary },
            { label: 'Reason', render: (c) => c.reason || '-' },
          ],
          r.changes,
          (c, tr) => {
            if (tr.nextSibling && tr.nextSibling.classList.contains('diff')) {
              tr.nextSibling.remove();
              return;
            }
            tr.after(
              h(
                'tr',
                { class: 'diff' },
                h(
                  'td',
                  { colspan: '7' },
                  h('pre', {
                    text: `old: ${JSON.stringify(c.old_values, null, 2)}\nnew: ${JSON.stringify(c.new_values, null, 2)}`,
                  }),
                ),
              ),
            );
          },
        ),
        pager(r.pagination, load),
      );
    } catch (err) {
      clear(out).append(stateBox('error', `Failed to load audit logs: ${err.message}`));
    }
  }
  load(1);
  return null;
}
