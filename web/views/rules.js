// Rules: list/search, create/edit with dry-run before saving, enable/disable, delete.
import { api, qs } from '../api.js';
import { badge, clear, confirmDialog, h, stateBox, table } from '../dom.js';

const FIELDS = [
  'rule_name',
  'pattern',
  'trap_oid',
  'match_type',
  'syslog_severity',
  'priority',
  'prod_handling',
  'dev_handling',
  'team_assignment',
];

export function rulesView(root) {
  const search = h('input', { id: 'rule-search', placeholder: 'Search name or pattern' });
  const list = h('div', { class: 'card' });
  const editor = h('div', { class: 'card', id: 'rule-editor', hidden: true });
  root.append(
    h('h2', { text: 'Rules' }),
    h('div', { class: 'row' }, search, h('button', { id: 'rule-new', onclick: () => edit(null), text: 'New rule' })),
    editor,
    list,
  );
  search.addEventListener('input', () => load());

  async function load() {
    clear(list).append(stateBox('loading', 'Loading rules…'));
    try {
      const { rules } = await api('GET', `/rules${qs({ search: search.value })}`);
      clear(list);
      if (rules.length === 0) {
        list.append(stateBox('empty', 'No rules match.'));
        return;
      }
      list.append(
        table(
          [
            { label: 'ID', key: 'id' },
            { label: 'Name', key: 'rule_name' },
            { label: 'Pattern / OID', render: (r) => r.pattern ?? r.trap_oid },
            { label: 'Type', key: 'match_type', cls: 'hide-sm' },
            { label: 'Prio', key: 'priority', cls: 'hide-sm' },
            { label: 'Prod', key: 'prod_handling', cls: 'hide-sm' },
            { label: 'Team', key: 'team_assignment', cls: 'hide-sm' },
            { label: 'Enabled', render: (r) => badge(r.enabled ? 'on' : 'off') },
            {
              label: '',
              render: (r) =>
                h(
                  'span',
                  { class: 'row' },
                  h('button', {
                    class: 'secondary',
                    onclick: (e) => {
                      e.stopPropagation();
                      toggle(r);
                    },
                    text: r.enabled ? 'Disable' : 'Enable',
                  }),
                  h('button', {
                    class: 'danger',
                    onclick: (e) => {
                      e.stopPropagation();
                      remove(r);
                    },
                    text: 'Delete',
                  }),
                ),
            },
          ],
          rules,
          (r) => edit(r),
        ),
      );
    } catch (err) {
      clear(list).append(stateBox('error', `Could not load rules: ${err.message}`));
    }
  }

  async function toggle(r) {
    try {
      await api('PUT', `/rules/${r.id}`, { enabled: !r.enabled });
      load();
    } catch (err) {
      alertError(err);
    }
  }
  async function remove(r) {
    if (!(await confirmDialog(`Delete rule ${r.id} (${r.rule_name ?? r.pattern})?`))) return;
    try {
      await api('DELETE', `/rules/${r.id}`);
      load();
    } catch (err) {
      alertError(err);
    }
  }
  function alertError(err) {
    clear(editor).append(stateBox('error', err.message));
    editor.hidden = false;
  }

  function edit(rule) {
    editor.hidden = false;
    const inputs = {};
    const field = (name, el) => {
      inputs[name] = el;
      return h('label', {}, name, el);
    };
    const val = (r, k) => (r && r[k] !== null && r[k] !== undefined ? String(r[k]) : '');
    const matchType = h(
      'select',
      { id: 'f-match_type' },
      ['contains', 'regex', 'oid_prefix'].map((t) => h('option', { value: t, text: t, selected: rule?.match_type === t })),
    );
    const sample = h('textarea', { id: 'dry-sample', placeholder: '{"hostname":"router-1","message":"..."}' });
    const result = h('div', { id: 'dry-result' });
    const reason = h('input', { id: 'f-reason', placeholder: 'why (audited)' });
    clear(editor).append(
      h('h3', { text: rule ? `Edit rule ${rule.id}` : 'New rule' }),
      h(
        'div',
        { class: 'row' },
        ...FIELDS.map((f) =>
          f === 'match_type' ? field(f, matchType) : field(f, h('input', { id: `f-${f}`, value: val(rule, f) })),
        ),
        h('label', {}, 'reason', reason),
      ),
      h('h4', { text: 'Dry-run before saving' }),
      h('p', {
        class: 'muted',
        text: 'Paste a sample event to see the decision and why, or test against the last 500 audited events.',
      }),
      sample,
      h(
        'div',
        { class: 'row' },
        h('button', { id: 'dry-event', class: 'secondary', onclick: () => dry(true), text: 'Test sample event' }),
        h('button', { id: 'dry-audit', class: 'secondary', onclick: () => dry(false), text: 'Test recent audit rows' }),
        h('button', { id: 'rule-save', onclick: save, text: 'Save' }),
        h('button', {
          class: 'secondary',
          onclick: () => {
            editor.hidden = true;
          },
          text: 'Cancel',
        }),
      ),
      result,
    );

    function body() {
      const b = {};
      for (const f of FIELDS) {
        const v = inputs[f].value.trim();
        if (f === 'priority' || f === 'syslog_severity') {
          if (v !== '') b[f] = Number(v);
          else if (rule && f === 'syslog_severity') b[f] = null;
        } else if (v !== '') b[f] = v;
        else if (rule && ['rule_name', 'pattern', 'trap_oid'].includes(f)) b[f] = null;
      }
      return b;
    }
    async function dry(withEvent) {
      clear(result).append(stateBox('loading', 'Running dry-run…'));
      try {
        const req = { rule: rule ? { id: rule.id, ...body() } : body() };
        if (withEvent) req.event = JSON.parse(sample.value || '{}');
        const r = await api('POST', '/rules/test', req);
        clear(result);
        if (r.mode === 'event') {
          result.append(
            h('p', {
              text: `Before: ${r.before.handling_decision ?? 'unhandled'} (rule ${r.before.matched_rule_id ?? '–'}) → After: ${r.after.handling_decision ?? 'unhandled'} (rule ${r.after.matched_rule_id ?? '–'})${r.changed ? ' — decision changes' : ' — no change'}`,
            }),
            table(
              [
                { label: 'Rule', key: 'rule_id' },
                { label: 'Matched', render: (t) => (t.matched ? 'yes' : 'no') },
                { label: 'Why not', key: 'reason' },
              ],
              r.trace,
            ),
          );
        } else {
          result.append(
            h('p', { text: `${r.changed} of ${r.evaluated} recent decisions would change.` }),
            r.examples.length
              ? table(
                  [
                    { label: 'Host', key: 'hostname' },
                    { label: 'Message', key: 'message' },
                    { label: 'Before', render: (e) => e.before.handling_decision ?? 'unhandled' },
                    { label: 'After', render: (e) => e.after.handling_decision ?? 'unhandled' },
                  ],
                  r.examples,
                )
              : '',
          );
        }
      } catch (err) {
        clear(result).append(stateBox('error', err instanceof SyntaxError ? 'Sample event is not valid JSON' : err.message));
      }
    }
    async function save() {
      try {
        const b = { ...body(), ...(reason.value ? { reason: reason.value } : {}) };
        if (rule) await api('PUT', `/rules/${rule.id}`, b);
        else await api('POST', '/rules', b);
        editor.hidden = true;
        load();
      } catch (err) {
        clear(result).append(stateBox('error', `Not saved: ${err.message}`));
      }
    }
  }

  load();
  return null;
}
