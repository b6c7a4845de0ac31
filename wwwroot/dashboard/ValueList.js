// The list page (/): filters rows as the operator types, keeps every row live over the hub and adds
// values created elsewhere. Rows are rendered by the server (ValueRow.razor); new ones are taken from a
// fresh copy of the page so that the markup lives in one place.
import { connect, flash, fetchPage, coalesce } from './connection.js';
import { setTime } from './time.js';
import { guardJson } from './forms.js';

const PREVIEW_LENGTH = 80; // JsonText.PreviewLength

const tbody = document.querySelector('#values tbody');
const filter = document.getElementById('filter');
const count = document.getElementById('value-count');
const empty = document.getElementById('no-values');

const rows = () => [...tbody.rows];
const rowOf = name => tbody.querySelector(`tr[data-name="${CSS.escape(name)}"]`);

function preview(value) {
  const text = JSON.stringify(value);
  return text.length <= PREVIEW_LENGTH ? text : text.slice(0, PREVIEW_LENGTH - 1) + '…';
}

function applyFilter() {
  const query = filter.value.trim();
  const lower = query.toLowerCase();
  let visible = 0;
  for (const row of rows()) {
    row.hidden = !row.dataset.name.toLowerCase().includes(lower);
    if (!row.hidden) visible++;
  }
  count.textContent = `${visible} ${visible === 1 ? 'value' : 'values'}`;
  empty.hidden = visible > 0;
  if (rows().length > 0) empty.textContent = 'No value matches the filter.';
  // The filter stays in the address, so a reload (or a reader without JavaScript) gets the same list.
  const url = new URL(location.href);
  if (query) url.searchParams.set('q', query);
  else url.searchParams.delete('q');
  history.replaceState(null, '', url);
}

// Rows the server did not render (new values, or ones a ?q= filter left out) come from the unfiltered page.
const addMissingRows = coalesce(async () => {
  const page = await fetchPage('./');
  for (const fresh of page.querySelectorAll('#values tbody tr')) {
    if (rowOf(fresh.dataset.name)) continue;
    const row = document.importNode(fresh, true);
    const next = rows().find(r => r.dataset.name > row.dataset.name); // names sort by ordinal, like the server
    tbody.insertBefore(row, next ?? null);
    flash(row);
  }
  applyFilter();
});

// `answered` marks the snapshots SubscribeAll returns: they were taken before this page's subscription
// counted, so the WatchersChanged pushes that arrived ahead of the answer have the newer watcher count.
function valueChanged(snapshot, answered = false) {
  const row = rowOf(snapshot.name);
  if (!row) {
    addMissingRows();
    return;
  }
  // A version never goes back: an answer after a reconnect may hold what the row already shows.
  if (snapshot.version <= Number(row.dataset.version)) {
    if (!answered) row.querySelector('[data-field="watchers"]').textContent = snapshot.watchers;
    return;
  }
  row.dataset.version = snapshot.version;
  row.querySelector('[data-field="version"]').textContent = snapshot.version;
  row.querySelector('[data-field="watchers"]').textContent = snapshot.watchers;
  row.querySelector('[data-field="preview"]').textContent = preview(snapshot.value);
  setTime(row.querySelector('[data-field="updated"] time'), snapshot.updatedAt);
  flash(row);
}

// A delete is a version too: the row goes, unless it already shows a newer Set (a push overtaken by an answer).
function valueDeleted(deletion) {
  const row = rowOf(deletion.name);
  if (row && deletion.version > Number(row.dataset.version)) {
    row.remove();
    applyFilter();
  }
}

function watchersChanged(change) {
  const cell = rowOf(change.name)?.querySelector('[data-field="watchers"]');
  // Not flashed: watchers come and go with every open page, and a flash marks changes of the value itself.
  if (cell) cell.textContent = change.watchers;
}

filter.addEventListener('input', applyFilter);
document.addEventListener('keydown', event => {
  // "/" jumps to the filter, as in many operator consoles.
  if (event.key === '/' && !event.target.closest('input, textarea, select')) {
    event.preventDefault();
    filter.focus();
  }
});
guardJson(document.querySelector('#create form'));

connect({ ValueChanged: valueChanged, ValueDeleted: valueDeleted, WatchersChanged: watchersChanged }, async connection => {
  const snapshots = await connection.invoke('SubscribeAll');
  for (const snapshot of snapshots) valueChanged(snapshot, true);
});
