// Live overview: rates with inline-SVG history, queue depths, breaker and service health; polls every 3 s.
import { api } from '../api.js';
import { badge, clear, h, sparkline, stateBox, table } from '../dom.js';

const HISTORY = 40;

export function overviewView(root) {
  const hist = { ingested: [], handled: [], forwarded: [], dlq: [] };
  const tiles = h('div', { class: 'grid', id: 'overview-tiles' });
  const queues = h('div', { class: 'card' });
  const services = h('div', { class: 'card' });
  const hourly = h('div', { class: 'card' });
  root.append(h('h2', { text: 'Overview' }), tiles, h('div', { class: 'grid' }, queues, services), hourly);
  tiles.append(stateBox('loading', 'Loading…'));
  let timer = null;
  let stopped = false;

  function tile(label, value, series, id) {
    return h(
      'div',
      { class: 'card tile', id },
      h('div', { class: 'label', text: label }),
      h('div', { class: 'value', text: value ?? '–' }),
      sparkline(series),
    );
  }

  async function poll() {
    try {
      const [o, m] = await Promise.all([api('GET', '/overview'), api('GET', '/metrics')]);
      if (stopped) return;
      const push = (k, v) => {
        hist[k].push(Number(v) || 0);
        if (hist[k].length > HISTORY) hist[k].shift();
      };
      push('ingested', o.rates.ingested_per_sec);
      push('handled', o.rates.handled_per_sec);
      push('forwarded', o.rates.forwarded_per_sec);
      push('dlq', (o.queues.dlq_alerter || 0) + (o.queues.dlq_moog || 0));
      clear(tiles).append(
        tile(
          'Events in / s',
          o.rates.ingested_per_sec,
          m.chart_60m ? m.chart_60m.data.map((v) => v / 60) : hist.ingested,
          'tile-in',
        ),
        tile('Handled / s', o.rates.handled_per_sec, hist.handled, 'tile-handled'),
        tile('Forwarded / s', o.rates.forwarded_per_sec, hist.forwarded, 'tile-out'),
        tile('Unhandled / s', o.rates.unhandled_per_sec, [], 'tile-unhandled'),
        tile('DLQ (alerter + moog)', (o.queues.dlq_alerter ?? 0) + (o.queues.dlq_moog ?? 0), hist.dlq, 'tile-dlq'),
        h(
          'div',
          { class: 'card tile' },
          h('div', { class: 'label', text: 'Circuit breaker' }),
          h('div', { class: 'value' }, badge(o.circuit_breaker.state)),
          h('div', { class: 'muted', text: `failures ${o.circuit_breaker.failures ?? '?'}` }),
        ),
      );
      clear(queues).append(
        h('h3', { text: 'Queue depths' }),
        table(
          [
            { label: 'Queue', key: 'name' },
            { label: 'Depth', key: 'depth' },
          ],
          Object.entries(o.queues).map(([name, depth]) => ({ name, depth: depth ?? 'unavailable' })),
        ),
      );
      clear(services).append(
        h('h3', { text: 'Services' }),
        table(
          [
            { label: 'Service', key: 'service' },
            { label: 'Status', render: (s) => badge(s.status) },
            {
              label: 'Detail',
              cls: 'hide-sm',
              render: (s) => s.error || (s.latency_ms !== undefined ? `${s.latency_ms} ms` : ''),
            },
          ],
          o.services,
        ),
      );
      clear(hourly).append(
        h('h3', { text: 'Average events / min by hour (UTC, last 24 h)' }),
        m.chart_24h.data.some((v) => v > 0)
          ? sparkline(m.chart_24h.data, 600, 80)
          : stateBox('empty', 'No ingest traffic in the last 24 hours.'),
        h('div', {
          class: 'muted',
          text: `now ${m.summary.current_rate_1m}/min · 15 min avg ${m.summary.avg_rate_15m} · 1 h avg ${m.summary.avg_rate_1h} · updated ${new Date(o.timestamp).toLocaleTimeString()}`,
        }),
      );
    } catch (err) {
      if (!stopped && err.status !== 401) clear(tiles).append(stateBox('error', `Overview unavailable: ${err.message}`));
    }
    if (!stopped) timer = setTimeout(poll, 3000);
  }
  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
