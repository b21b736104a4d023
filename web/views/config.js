// Dynamic config editor: every catalogue key with type, default and range; unregistered stored keys too.
import { api } from '../api.js';
import { clear, h, stateBox, table } from '../dom.js';

export function configView(root) {
  const out = h('div', { class: 'card', id: 'config' });
  const msg = h('div', { role: 'status' });
  root.append(
    h('h2', { text: 'Dynamic configuration' }),
    h('p', {
      class: 'muted',
      text: 'Changes are stored in mutt:config:<key>, published on mutt:config:updates (services pick them up within a second) and audited.',
    }),
    msg,
    out,
  );

  async function load() {
    clear(out).append(stateBox('loading', 'Loading…'));
    try {
      const { config, catalogue } = await api('GET', '/config');
      const known = new Set(catalogue.map((d) => d.key));
      const rows = [
        ...catalogue,
        ...Object.keys(config)
          .filter((k) => !known.has(k))
          .map((k) => ({ key: k, type: 'unregistered', default: '', reader: '-', description: '' })),
      ];
      clear(out).append(
        table(
          [
            { label: 'Key', render: (d) => h('span', { title: d.description, text: d.key }) },
            {
              label: 'Type',
              render: (d) =>
                d.values
                  ? `${d.type} (${d.values.join('|')})`
                  : d.min !== null && d.min !== undefined
                    ? `${d.type} ${d.min}..${d.max ?? '∞'}`
                    : d.type,
              cls: 'hide-sm',
            },
            { label: 'Default', key: 'default', cls: 'hide-sm' },
            { label: 'Reader', key: 'reader', cls: 'hide-sm' },
            {
              label: 'Value',
              render: (d) => {
                const inp = h('input', { value: config[d.key] ?? '', placeholder: d.default, 'data-key': d.key });
                const save = h('button', {
                  onclick: async () => {
                    try {
                      const r = await api('PUT', `/config/${encodeURIComponent(d.key)}`, { value: inp.value });
                      clear(msg).append(
                        h('p', {
                          class: 'ok',
                          text: `${r.key}: ${r.old_value ?? '(unset)'} → ${r.new_value}${r.warnings.length ? ` — ${r.warnings.join('; ')}` : ''}`,
                        }),
                      );
                    } catch (err) {
                      clear(msg).append(stateBox('error', err.message));
                    }
                  },
                  text: 'Set',
                });
                const reset =
                  config[d.key] !== undefined
                    ? h('button', {
                        class: 'secondary',
                        onclick: async () => {
                          try {
                            await api('DELETE', `/config/${encodeURIComponent(d.key)}`);
                            load();
                          } catch (err) {
                            clear(msg).append(stateBox('error', err.message));
                          }
                        },
                        text: 'Unset',
                      })
                    : '';
                return h('span', { class: 'row' }, inp, save, reset);
              },
            },
          ],
          rows,
        ),
      );
    } catch (err) {
      clear(out).append(stateBox('error', `Dynamic configuration unavailable: ${err.message}`));
    }
  }
  load();
  return null;
}
