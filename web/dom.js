// Tiny DOM helpers: everything user- or API-provided is set with textContent, never innerHTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function stateBox(kind, text) {
  return h('div', { class: `state ${kind}`, role: kind === 'error' ? 'alert' : 'status', text });
}

export function table(columns, rows, onRow) {
  const thead = h(
    'thead',
    {},
    h(
      'tr',
      {},
      columns.map((c) => h('th', { class: c.cls, text: c.label })),
    ),
  );
  const tbody = h('tbody');
  for (const r of rows) {
    const tr = h(
      'tr',
      { class: onRow ? 'clickable' : undefined },
      columns.map((c) => {
        const v = c.render ? c.render(r) : r[c.key];
        return h('td', { class: c.cls }, v instanceof Node ? v : v === null || v === undefined ? '' : String(v));
      }),
    );
    if (onRow) tr.addEventListener('click', () => onRow(r, tr));
    tbody.append(tr);
  }
  return h('div', { class: 'table-wrap' }, h('table', {}, thead, tbody));
}

export function pager(p, go) {
  const pages = Math.max(1, p.pages);
  return h(
    'div',
    { class: 'pager' },
    h('button', { class: 'secondary', disabled: p.page <= 1, onclick: () => go(p.page - 1), text: 'Previous' }),
    h('span', { text: `Page ${p.page} of ${pages} (${p.total} rows)` }),
    h('button', { class: 'secondary', disabled: p.page >= pages, onclick: () => go(p.page + 1), text: 'Next' }),
  );
}

export function badge(text) {
  return h('span', { class: `badge ${text}`, text });
}

export function confirmDialog(message) {
  return new Promise((resolve) => {
    const dlg = h(
      'dialog',
      { id: 'confirm-dialog' },
      h('p', { text: message }),
      h(
        'div',
        { class: 'row' },
        h('button', {
          id: 'confirm-yes',
          class: 'danger',
          onclick: () => {
            dlg.close();
            dlg.remove();
            resolve(true);
          },
          text: 'Confirm',
        }),
        h('button', {
          class: 'secondary',
          onclick: () => {
            dlg.close();
            dlg.remove();
            resolve(false);
          },
          text: 'Cancel',
        }),
      ),
    );
    document.body.append(dlg);
    dlg.showModal();
  });
}

/** Inline SVG sparkline: a filled area under a polyline, scaled to the series max. */
export function sparkline(values, width = 200, height = 40) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  const vals = values.length > 1 ? values : [0, ...values, 0];
  const max = Math.max(1, ...vals.map((v) => (Number.isFinite(v) ? v : 0)));
  const pts = vals.map(
    (v, i) =>
      `${((i / (vals.length - 1)) * width).toFixed(1)},${(height - ((Number.isFinite(v) ? v : 0) / max) * (height - 2) - 1).toFixed(1)}`,
  );
  const area = document.createElementNS(ns, 'polygon');
  area.setAttribute('points', `0,${height} ${pts.join(' ')} ${width},${height}`);
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', pts.join(' '));
  svg.append(area, line);
  return svg;
}

export function fmtTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}
