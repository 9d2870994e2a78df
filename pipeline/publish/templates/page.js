"use strict";
// The search and the regions' CSV downloads. Every result is built from DOM nodes and text nodes: no data
// ever goes through innerHTML, so a label is shown as the text it is.
const DATA = JSON.parse(document.getElementById('data').textContent);
const plain = s => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
const key = s => plain(s).replace(/ /g, '');
function el(tag, attrs, ...kids) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  for (const kid of kids) if (kid !== null && kid !== undefined) node.append(kid);
  return node;
}
const textName = s => s.name + (s.binding ? ' (' + s.role + ')' : '');
const countOf = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');
// per region, per text: how many occupations are open
const OPEN = {};
for (const r of DATA.regions) OPEN[r.code] = DATA.sources.map(s => DATA.occupations.filter(o => (o.open[s.id] || {})[r.code]).length);
const LABELS = DATA.occupations.map(o => plain(o.labels.join(' ')));

function csvText(code) {
  const cell = v => /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  return [DATA.csv.columns].concat(DATA.csv.rows[code] || []).map(row => row.map(cell).join(',')).join('\n') + '\n';
}
function download(code) {
  const url = URL.createObjectURL(new Blob([csvText(code)], {type: 'text/csv;charset=utf-8'}));
  const link = el('a', {href: url, download: 'openings_by_region-' + String(code).replace(/[^A-Za-z0-9_-]/g, '_') + '.csv'});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
function csvButton(r) {
  const button = el('button', {type: 'button', class: 'csv'}, 'Download the rows of ' + r.name + ' (CSV)');
  button.addEventListener('click', () => download(r.code));
  return button;
}
function showList(r) {
  const link = el('a', {href: '#r-' + r.code}, 'Show its list below');
  link.addEventListener('click', () => { const d = document.getElementById('r-' + r.code); if (d) d.open = true; });
  return link;
}
function regionHit(r) {
  const since = r.code2016 === r.code && r.name2016 === r.name ? 'region of 2008, the same in 2016'
    : 'region of 2008, since 2016 part of ' + r.code2016 + ' ' + r.name2016;
  return el('div', {class: 'hit'},
    el('h3', {}, r.code + ' ' + r.name + ' (' + since + ')'),
    el('ul', {}, ...DATA.sources.map((s, i) => el('li', {}, textName(s) + ', NOR ' + s.nor + ': ' +
      countOf(OPEN[r.code][i], 'occupation') + ' open'))),
    el('p', {}, showList(r), ' ', csvButton(r)));
}
function occupationHit(o) {
  const summary = DATA.sources.map(s => {
    const opened = DATA.regions.filter(r => (o.open[s.id] || {})[r.code]);
    const closed = DATA.regions.filter(r => !(o.open[s.id] || {})[r.code]);
    return el('li', {}, textName(s) + ', NOR ' + s.nor + ': open in ' + countOf(opened.length, 'region') +
      (closed.length ? '; not open in ' + closed.length + ': ' + closed.map(r => r.name).join(', ') : '; open in every region') + '.');
  });
  const head = el('tr', {}, el('th', {scope: 'col'}, 'region of 2008 (of 2016)'),
    ...DATA.sources.map(s => el('th', {scope: 'col'}, textName(s))));
  const rows = DATA.regions.map(r => el('tr', {}, el('td', {}, r.code + ' ' + r.name + ' (' + r.name2016 + ')'),
    ...DATA.sources.map(s => {
      const basis = (o.open[s.id] || {})[r.code];
      return basis ? el('td', {}, 'open (' + DATA.basis[basis] + ')') : el('td', {class: 'no'}, 'not open');
    })));
  return el('div', {class: 'hit'},
    el('h3', {}, el('span', {class: 'code'}, o.code), ' ' + o.labels[0]),
    o.labels.length > 1 ? el('p', {}, 'Also printed as: ' + o.labels.slice(1).join('; ')) : null,
    el('ul', {}, ...summary),
    el('table', {}, el('thead', {}, head), el('tbody', {}, ...rows)));
}
function find(query) {
  const q = plain(query), k = q.replace(/ /g, '');
  if (k.length < 2) return {regions: [], occupations: []};
  const regions = DATA.regions.filter(r => r.code === k || r.code2016 === k ||
    r.abbr.some(a => key(a) === k) ||
    (k.length >= 3 && (key(r.name).includes(k) || key(r.name2016).includes(k))));
  const words = q.split(' ');
  const occupations = DATA.occupations.filter((o, i) => /^[0-9]+$/.test(k) ? o.code.startsWith(k)
    : words.every(w => LABELS[i].includes(w)));
  return {regions, occupations};
}
const box = document.getElementById('search');
const status = document.getElementById('status');  // role=status: read out alone, not the results under it
const hits = document.getElementById('hits');
function show() {
  const {regions, occupations} = find(box.value);
  hits.replaceChildren();
  status.textContent = '';
  if (plain(box.value).replace(/ /g, '').length < 2) return;
  if (!regions.length && !occupations.length) {
    status.textContent = 'Nothing found. Type a region (Limousin, PACA, Nouvelle-Aquitaine, 74), a ROME code (52313) or a word of an occupation (conducteur).';
    return;
  }
  status.textContent = 'Found: ' + countOf(regions.length, 'region') + ', ' + countOf(occupations.length, 'occupation') + '.';
  regions.forEach(r => hits.append(regionHit(r)));
  occupations.slice(0, 20).forEach(o => hits.append(occupationHit(o)));
  if (occupations.length > 20) hits.append(el('p', {}, (occupations.length - 20) + ' more occupations: type more of the code or label.'));
}
for (const button of document.querySelectorAll('button.csv[data-region]')) {
  button.hidden = false;
  button.addEventListener('click', () => download(button.dataset.region));
}
box.addEventListener('input', show);
show();
const day = document.getElementById('on');
const inForceStatus = document.getElementById('in-force-status');
const inForceTexts = document.getElementById('in-force-texts');
function showDay() {
  inForceTexts.replaceChildren();
  const d = day.value;
  if (!d) { inForceStatus.textContent = ''; return; }
  const texts = DATA.texts.filter(t => t.from && t.from <= d && (!t.to || t.to >= d))
    .sort((a, b) => (b.binding - a.binding) || a.series.localeCompare(b.series));
  inForceStatus.textContent = texts.some(t => t.binding && t.part === 'annex') ? countOf(texts.length, 'text') + ' in force on ' + d + '.'
    : 'No list applies on ' + d + ': no binding text is in force.';
  if (!texts.length) return;
  const head = el('tr', {}, ...['text', 'part', 'for', 'lines', 'taken to apply'].map(h => el('th', {scope: 'col'}, h)));
  inForceTexts.append(el('table', {}, head, ...texts.map(t => el('tr', {},
    el('td', t.binding ? {class: 'binding'} : {}, t.title + ' (' + t.id + ', version ' + t.version + ')' + (t.binding ? '' : ', not binding')),
    el('td', {}, t.part), el('td', {}, t.applies + (t.states ? ' [' + t.states + ']' : '')), el('td', {}, t.count),
    el('td', {}, t.from + ' to ' + (t.to || '(no end)') + ': ' + t.basis)))));
}
day.addEventListener('input', showDay);
showDay();
