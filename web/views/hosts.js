// Dev hosts and host → team editors.
import { api } from '../api.js';
import { clear, confirmDialog, h, stateBox, table } from '../dom.js';

export function hostsView(root) {
  const hosts = h('div', { class: 'card' });
  const teams = h('div', { class: 'card' });
  root.append(h('h2', { text: 'Dev hosts and teams' }), h('div', { class: 'grid' }, hosts, teams));

  async function loadHosts() {
    const name = h('input', { id: 'host-new', placeholder: 'hostname' });
    const msg = h('div');
    clear(hosts).append(
      h('h3', { text: 'Development hosts' }),
      h(
        'form',
        {
          class: 'row',
          onsubmit: async (e) => {
            e.preventDefault();
            try {
              await api('POST', '/dev-hosts', { hostname: name.value });
              loadHosts();
            } catch (err) {
              clear(msg).append(stateBox('error', err.message));
            }
          },
        },
        name,
        h('button', { type: 'submit', text: 'Add' }),
      ),
      msg,
    );
    try {
      const r = await api('GET', '/dev-hosts');
      hosts.append(
        r.hosts.length === 0
          ? stateBox('empty', 'No development hosts: every host is production.')
          : table(
              [
                { label: 'Hostname', key: 'hostname' },
                {
                  label: '',
                  render: (x) =>
                    h('button', {
                      class: 'danger',
                      onclick: async () => {
                        if (await confirmDialog(`Remove ${x.hostname} from dev hosts?`)) {
                          await api('DELETE', `/dev-hosts/${encodeURIComponent(x.hostname)}`).catch((e) =>
                            msg.append(stateBox('error', e.message)),
                          );
                          loadHosts();
                        }
                      },
                      text: 'Remove',
                    }),
                },
              ],
              r.hosts,
            ),
      );
    } catch (err) {
      hosts.append(stateBox('error', err.message));
    }
  }

  async function loadTeams() {
    const host = h('input', { placeholder: 'hostname' });
    const team = h('input', { placeholder: 'team' });
    const msg = h('div');
    clear(teams).append(
      h('h3', { text: 'Host → team' }),
      h(
        'form',
        {
          class: 'row',
          onsubmit: async (e) => {
            e.preventDefault();
            try {
              await api('POST', '/teams', { hostname: host.value, team_assignment: team.value });
              loadTeams();
            } catch (err) {
              clear(msg).append(stateBox('error', err.message));
            }
          },
        },
        host,
        team,
        h('button', { type: 'submit', text: 'Add' }),
      ),
      msg,
    );
    try {
      const r = await api('GET', '/teams');
      teams.append(
        r.teams.length === 0
          ? stateBox('empty', 'No team mappings.')
          : table(
              [
                { label: 'Hostname', key: 'hostname' },
                {
                  label: 'Team',
                  render: (x) => {
                    const inp = h('input', { value: x.team_assignment });
                    inp.addEventListener('change', () =>
                      api('PUT', `/teams/${encodeURIComponent(x.hostname)}`, { team_assignment: inp.value }).catch((e) =>
                        msg.append(stateBox('error', e.message)),
                      ),
                    );
                    return inp;
                  },
                },
                {
                  label: '',
                  render: (x) =>
                    h('button', {
                      class: 'danger',
                      onclick: async () => {
                        if (await confirmDialog(`Remove the team mapping of ${x.hostname}?`)) {
                          await api('DELETE', `/teams/${encodeURIComponent(x.hostname)}`).catch(() => {});
                          loadTeams();
                        }
                      },
                      text: 'Remove',
                    }),
                },
              ],
              r.teams,
            ),
      );
    } catch (err) {
      teams.append(stateBox('error', err.message));
    }
  }
  loadHosts();
  loadTeams();
  return null;
}
