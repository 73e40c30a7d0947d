// The style sheet and the script of the HTML report, inlined into every report and allowed by the
// page's Content-Security-Policy through their SHA-256 hashes: nothing else may run or style it.
// The script builds every element from the report's data with textContent and setAttribute, never
// from HTML text, so a value from the input is never markup. It has no template literals.

export const HTML_CSS = `
:root { --fg: #1a1a1a; --muted: #4a4a4a; --line: #d0d0d0; --bg: #ffffff; --panel: #f5f6f8; --link: #0b4f9c; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
header, main > section { padding: 0 24px; }
header { border-bottom: 1px solid var(--line); padding-top: 12px; padding-bottom: 8px; }
h1 { font-size: 22px; margin: 8px 0; } h2 { font-size: 18px; margin: 20px 0 8px; } h3 { font-size: 16px; margin: 14px 0 6px; }
a { color: var(--link); }
a:focus, button:focus, select:focus, input:focus, summary:focus { outline: 3px solid #f0b000; outline-offset: 2px; }
.notice, .muted { color: var(--muted); }
.incomplete { background: #fff3cd; border: 1px solid #8a5a00; padding: 8px 12px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 120px; }
.tile .n { font-size: 24px; font-weight: 700; display: block; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.charts figure { margin: 0; } .charts figcaption { font-weight: 600; margin-bottom: 4px; }
.chart text { font-size: 12px; fill: #1a1a1a; }
.lvl { display: inline-block; min-width: 74px; text-align: center; color: #fff; border-radius: 4px; padding: 1px 6px; font-weight: 700; font-size: 12px; text-transform: uppercase; }
.lvl-critical { background: #8b0000; } .lvl-high { background: #b42318; } .lvl-medium { background: #8a5a00; }
.lvl-low { background: #1d5c8f; } .lvl-clear { background: #1e6b3a; } .lvl-unchecked { background: #6b2d8f; } .lvl-info { background: #555555; }
.bar-critical { fill: #8b0000; } .bar-high { fill: #b42318; } .bar-medium { fill: #8a5a00; } .bar-low { fill: #1d5c8f; } .bar-clear { fill: #1e6b3a; } .bar-unchecked { fill: #6b2d8f; } .bar-rule { fill: #0b4f9c; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin: 8px 0; }
.controls label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); }
.controls select, .controls input { font: inherit; padding: 4px 6px; border: 1px solid #767676; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
th { background: var(--panel); }
button.row { font: inherit; background: none; border: 0; padding: 0; color: var(--link); text-decoration: underline; cursor: pointer; text-align: left; }
.details td { background: #fafbfc; }
.finding { margin: 6px 0 10px; }
.finding .msg { font-weight: 600; }
.evidence { margin: 4px 0 4px 18px; padding: 0; color: var(--muted); font-size: 13px; }
.next { margin: 4px 0; } .review { margin: 4px 0; padding: 4px 8px; border-left: 4px solid #1e6b3a; background: #eef7f0; }
.review.reopened { border-color: #8a5a00; background: #fff7e6; }
.pager { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
.pager button { font: inherit; padding: 4px 10px; }
#graph svg { border: 1px solid var(--line); max-width: 100%; height: auto; background: #fff; }
.edge { stroke: #8c8c8c; stroke-width: 1.5; }
.edge-label { font-size: 10px; fill: #4a4a4a; }
.ring-hull { fill: #f2f4f8; stroke: #9aa3b2; stroke-dasharray: 4 3; }
.ring-label { font-size: 11px; fill: #333333; font-weight: 600; }
.node circle { stroke: #1a1a1a; stroke-width: 1; }
.node text { font-size: 11px; fill: #1a1a1a; }
.onepager { border: 1px solid var(--line); border-radius: 6px; padding: 12px 18px; margin: 12px 0; }
.onepager dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
.onepager dt { color: var(--muted); }
#candidate[hidden], .print-only { display: none; }
@media print {
  @page { margin: 12mm; }
  body { font-size: 9pt; line-height: 1.3; }
  h2 { font-size: 13pt; margin: 0 0 4pt; } h3 { font-size: 10pt; margin: 6pt 0 2pt; }
  .evidence { font-size: 7.5pt; margin: 1pt 0 1pt 12pt; }
  .finding { margin: 2pt 0 5pt; break-inside: avoid; }
  .next, .review { margin: 1pt 0; }
  body > header, main > *:not(#print-pages):not(#candidate), .no-print { display: none !important; }
  .print-only { display: block; }
  body.has-candidate #print-pages { display: none; }
  body.has-candidate #candidate { display: block; }
  body:not(.has-candidate) #candidate { display: none; }
  .onepager { border: 0; padding: 0; margin: 0; break-after: page; page-break-after: always; }
  .onepager:last-child { break-after: auto; page-break-after: auto; }
  a { color: #000; text-decoration: none; }
}
`;

export const HTML_JS = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('vet-data').textContent);
  // Next steps, docs and the checks' texts are written once in tables: put them back on each applicant.
  data.applicants.forEach(function (a) {
    a.findings.forEach(function (f) { var s = data.steps[f.rule + '/' + f.messageId]; if (s) { if (s[0]) f.nextStep = s[0]; f.doc = s[1]; } });
    a.checks = { checked: a.checks.checked.map(function (i) { return data.strings[i]; }), notChecked: a.checks.notChecked.map(function (p) { return { check: data.strings[p[0]], reason: data.strings[p[1]] }; }) };
  });
  var LEVELS = ['unchecked', 'clear', 'low', 'medium', 'high', 'critical'];
  var PAGE = 50;
  var state = { level: '', rule: '', file: '', reviewed: '', q: '', sort: 'level', page: 0 };
  var shown = [];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) {
      if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function badge(level) { return el('span', { 'class': 'lvl lvl-' + level, text: level }); }
  function reviewed(a) { return a.findings.some(function (f) { return f.review && f.review.status === 'decided'; }); }
  function httpUrl(v) {
    if (typeof v !== 'string') return null;
    try { var u = new URL(v); return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null; } catch (e) { return null; }
  }
  function valueText(v) {
    if (typeof v === 'string') return v;
    if (v === null || v === undefined) return 'none';
    if (Array.isArray(v)) return v.map(valueText).join(', ');
    if (typeof v === 'object') return Object.keys(v).map(function (k) { return typeof v[k] === 'object' ? k + ' ' + valueText(v[k]) : String(v[k]); }).join(', ');
    return String(v);
  }
  var OTHERS = { sharedWith: 'shared with', similarTo: 'similar to', ledger: 'seen before by' };
  function evidenceItem(e) {
    var li = el('li');
    var where = e.path + (e.column ? ' (column "' + e.column + '")' : '');
    li.appendChild(document.createTextNode(where + ' = '));
    var link = httpUrl(e.value);
    if (link) li.appendChild(el('a', { href: link, rel: 'noopener noreferrer', target: '_blank', text: e.value }));
    else li.appendChild(el('code', { text: valueText(e.value) }));
    var details = [];
    Object.keys(e).forEach(function (k) {
      if (['path', 'value', 'column', 'inputPath', 'entryVersion'].indexOf(k) >= 0) return;
      if (OTHERS[k] && Array.isArray(e[k])) details.push(OTHERS[k] + ' ' + e[k].slice(0, 5).map(function (o) { return 'applicant ' + o.applicant; }).join(', ') + (e[k].length > 5 ? ' and ' + (e[k].length - 5) + ' more' : ''));
      else details.push(k + ' ' + valueText(e[k]));
    });
    if (details.length) li.appendChild(document.createTextNode(' (' + details.join('; ') + ')'));
    return li;
  }
  function findingBlock(f) {
    var d = el('div', { 'class': 'finding' });
    d.appendChild(el('div', null, [badge(f.level), ' ', el('span', { 'class': 'msg', text: f.message }), ' ', el('span', { 'class': 'muted', text: '+' + f.points + ' · ' + f.rule + '/' + f.messageId + ' · ' + f.id })]));
    d.appendChild(el('ul', { 'class': 'evidence' }, f.evidence.map(evidenceItem)));
    if (f.review) {
      var r = f.review;
      d.appendChild(el('div', { 'class': 'review' + (r.status === 'reopened' ? ' reopened' : ''), text: r.status === 'decided'
        ? 'Reviewed: ' + r.decision + ' by ' + r.by + ' on ' + r.at.slice(0, 10) + (r.expires ? ' (until ' + r.expires.slice(0, 10) + ')' : '') + ': ' + r.reason
        : 'Re-opened: ' + (r.why || '') + ' (was ' + r.decision + ' by ' + r.by + ')' }));
    }
    if (f.nextStep) d.appendChild(el('div', { 'class': 'next' }, [el('strong', { text: 'Next step: ' }), f.nextStep + ' ', el('span', { 'class': 'muted', text: '(' + f.doc.replace(/#.*$/, '') + ')' })]));
    return d;
  }
  function onePager(a, index) {
    var art = el('article', { 'class': 'onepager', 'aria-label': 'Candidate ' + a.id });
    art.appendChild(el('h2', null, [badge(a.level), ' ', (a.name ? a.name + ' · ' : '') + a.id]));
    art.appendChild(el('dl', null, [
      el('dt', { text: 'Applicant id' }), el('dd', { text: a.id }),
      el('dt', { text: 'Name as given' }), el('dd', { text: a.name === null ? '(none)' : a.name }),
      el('dt', { text: 'Input' }), el('dd', { text: a.input.file + ', line ' + a.input.line }),
      el('dt', { text: 'Level and score' }), el('dd', { text: a.level + ', ' + a.score + ' points' + (a.failed ? ' (needs review)' : '') })
    ]));
    if (a.identity) {
      var id = a.identity, rows = [];
      var add = function (label, value) { if (value) rows.push(el('dt', { text: label }), value); };
      var list = function (vs) { return vs && vs.length ? el('dd', { text: vs.join(', ') }) : null; };
      add('Other names', list(id.otherNames));
      add('E-mail', list(id.emails));
      add('Phone', list(id.phones));
      add('Claimed location', id.location ? el('dd', { text: id.location }) : null);
      add('Address', id.address ? el('dd', { text: id.address }) : null);
      add('Shipping address', id.shippingAddress ? el('dd', { text: id.shippingAddress }) : null);
      add('Nationality', id.nationality ? el('dd', { text: id.nationality }) : null);
      if (id.profiles) Object.keys(id.profiles).forEach(function (site) {
        var v = id.profiles[site], link = httpUrl(v);
        add('Profile: ' + site, el('dd', null, [link ? el('a', { href: link, rel: 'noopener noreferrer', target: '_blank', text: v }) : el('code', { text: v })]));
      });
      if (rows.length) { art.appendChild(el('h3', { text: 'Identity as given' })); art.appendChild(el('dl', null, rows)); }
    }
    art.appendChild(el('h3', { text: a.findings.length ? 'Findings' : 'No findings' }));
    a.findings.forEach(function (f) { art.appendChild(findingBlock(f)); });
    if (a.checks.notChecked.length) {
      art.appendChild(el('h3', { text: 'Could not be checked' }));
      art.appendChild(el('ul', null, a.checks.notChecked.map(function (c) { return el('li', { text: c.check + ': ' + c.reason }); })));
    }
    if (a.checks.checked.length) art.appendChild(el('p', { 'class': 'muted', text: 'Checked: ' + a.checks.checked.join(', ') + '.' }));
    art.appendChild(el('p', { 'class': 'muted', text: data.notice }));
    return art;
  }
  function matches(a) {
    if (state.level && a.level !== state.level) return false;
    if (state.rule && !a.findings.some(function (f) { return f.rule === state.rule; })) return false;
    if (state.file && a.input.file !== state.file) return false;
    if (state.reviewed === 'yes' && !reviewed(a)) return false;
    if (state.reviewed === 'no' && reviewed(a)) return false;
    if (state.q) {
      var q = state.q.toLowerCase();
      var hay = [a.id, a.name || '', a.input.file].concat(a.findings.map(function (f) { return f.message; })).join(' ').toLowerCase();
      if (hay.indexOf(q) < 0) return false;
    }
    return true;
  }
  function order(x, y) {
    var a = data.applicants[x], b = data.applicants[y];
    if (state.sort === 'score') return b.score - a.score || x - y;
    if (state.sort === 'name') return (a.name || a.id).localeCompare(b.name || b.id) || x - y;
    if (state.sort === 'input') return a.input.file.localeCompare(b.input.file) || a.input.line - b.input.line;
    return LEVELS.indexOf(b.level) - LEVELS.indexOf(a.level) || b.score - a.score || x - y;
  }
  function render() {
    shown = [];
    data.applicants.forEach(function (a, i) { if (matches(a)) shown.push(i); });
    shown.sort(order);
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var body = document.getElementById('rows');
    body.textContent = '';
    var prints = document.getElementById('print-pages');
    prints.textContent = '';
    shown.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (i) {
      var a = data.applicants[i];
      var toggle = el('button', { 'class': 'row', type: 'button', 'aria-expanded': 'false', text: a.name ? a.name + ' (' + a.id + ')' : a.id });
      var tr = el('tr', { 'data-index': String(i) }, [
        el('td', null, [badge(a.level)]), el('td', null, [toggle]), el('td', { text: String(a.score) }),
        el('td', { text: a.findings.map(function (f) { return f.rule; }).filter(function (r, k, all) { return all.indexOf(r) === k; }).join(', ') }),
        el('td', { text: a.input.file + ':' + a.input.line }),
        el('td', null, [el('a', { href: '#cand-' + i, text: 'one-pager' })])
      ]);
      var details = el('tr', { 'class': 'details', hidden: '' }, [el('td', { colspan: '6' }, a.findings.map(findingBlock))]);
      toggle.addEventListener('click', function () {
        var open = details.hasAttribute('hidden');
        if (open) details.removeAttribute('hidden'); else details.setAttribute('hidden', '');
        toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      });
      body.appendChild(tr);
      body.appendChild(details);
      prints.appendChild(onePager(a, i));
    });
    document.getElementById('count').textContent = shown.length + ' of ' + data.applicants.length + ' listed applicants match' + (shown.length ? '; page ' + (state.page + 1) + ' of ' + pages : '');
    document.getElementById('prev').disabled = state.page === 0;
    document.getElementById('next').disabled = state.page >= pages - 1;
  }
  function bind(id, key) {
    var c = document.getElementById(id);
    c.addEventListener(c.tagName === 'INPUT' ? 'input' : 'change', function () { state[key] = c.value; state.page = 0; render(); });
  }
  var batch = document.getElementById('rows') !== null;
  if (batch) {
    bind('f-level', 'level'); bind('f-rule', 'rule'); bind('f-file', 'file'); bind('f-reviewed', 'reviewed'); bind('f-search', 'q'); bind('f-sort', 'sort');
    document.getElementById('prev').addEventListener('click', function () { state.page--; render(); });
    document.getElementById('next').addEventListener('click', function () { state.page++; render(); });
  }
  function route() {
    var m = /^#cand-(\\d+)$/.exec(location.hash) || (data.single ? ['', '0'] : null);
    var view = document.getElementById('candidate');
    var holder = document.getElementById('candidate-page');
    holder.textContent = '';
    if (m && data.applicants[Number(m[1])]) {
      holder.appendChild(onePager(data.applicants[Number(m[1])], Number(m[1])));
      view.removeAttribute('hidden');
      document.body.classList.add('has-candidate');
      view.focus();
    } else {
      view.setAttribute('hidden', '');
      document.body.classList.remove('has-candidate');
    }
  }
  window.addEventListener('hashchange', route);
  if (batch) render();
  route();
  document.body.setAttribute('data-ready', 'true');
})();
`;
