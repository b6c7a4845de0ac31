// The detail page (/values/{name}): Edit opens the editor without a reload, the JSON is checked before it
// posts, and pushes keep the value, version, watchers and history live. The form still posts to the server,
// which does the compare-and-set; on a conflict it renders the newer value next to the kept draft.
import { connect, flash, fetchPage, coalesce } from './connection.js';
import { setTime } from './time.js';
import { guardJson, jsonError, showError, indentJson } from './forms.js';

const details = document.getElementById('details');
const missing = document.getElementById('missing');

if (missing) {
  // Nothing to show yet: reload as soon as the value exists.
  const name = missing.dataset.name;
  connect({ ValueChanged: snapshot => { if (snapshot.name === name) location.reload(); } }, async connection => {
    if (await connection.invoke('Subscribe', name)) location.reload();
  });
} else if (details) {
  const name = details.dataset.name;
  const valueView = document.getElementById('value');
  const editor = document.getElementById('editor');
  const draft = guardJson(editor);
  const expected = editor.querySelector('[data-field="expected-version"]');
  const draftBase = editor.querySelector('[data-field="draft-base"]');
  const editButton = document.getElementById('edit-button');
  const cancelButton = document.getElementById('cancel-button');
  const formatButton = document.getElementById('format-button');
  const stale = document.getElementById('stale');
  const field = key => details.querySelector(`.facts [data-field="${key}"]`);
  const shownVersion = () => Number(details.dataset.version);

  // The ?saved=N notice belongs to the redirect after a Save, not to a later reload.
  const url = new URL(location.href);
  if (url.searchParams.has('saved') || url.searchParams.has('edit')) {
    url.searchParams.delete('saved');
    url.searchParams.delete('edit');
    history.replaceState(null, '', url);
  }

  const openEditor = () => {
    // The draft starts from what the operator sees, and the Save compares against that version.
    draft.value = valueView.textContent;
    draft.rows = Math.min(Math.max(draft.value.split('\n').length + 1, 4), 24); // as ValueDetails.DraftRows
    expected.value = shownVersion();
    draftBase.textContent = shownVersion();
    showError(editor, draft, null);
    stale.hidden = true;
    editor.hidden = false;
    editButton.hidden = true;
    draft.focus();
  };

  const closeEditor = () => {
    editor.hidden = true;
    editButton.hidden = false;
    editButton.focus();
  };

  editButton.addEventListener('click', event => {
    event.preventDefault();
    openEditor();
  });
  cancelButton.addEventListener('click', event => {
    // After a conflict the link reloads the page, which also clears the conflict notice.
    if (document.getElementById('conflict')) return;
    event.preventDefault();
    closeEditor();
  });
  draft.addEventListener('keydown', event => {
    if (event.key === 'Escape') cancelButton.click();
  });
  // The format button and the keyboard shortcuts exist only with this script.
  formatButton.hidden = false;
  document.getElementById('editor-keys').hidden = false;
  formatButton.addEventListener('click', () => {
    const message = jsonError(draft.value);
    showError(editor, draft, message);
    if (!message) draft.value = indentJson(draft.value);
  });

  // The server renders the exact stored document (JSON.parse would round big integers) and the history,
  // chart and diff; after a change the page takes them from a fresh copy of itself.
  const refresh = coalesce(async () => {
    const page = await fetchPage(location.href);
    const fresh = page.getElementById('details');
    if (!fresh || Number(fresh.dataset.version) < shownVersion()) return;
    valueView.textContent = page.getElementById('value').textContent;
    document.getElementById('history').replaceChildren(
      ...[...page.getElementById('history').childNodes].map(node => document.importNode(node, true)));
  });

  const valueChanged = snapshot => {
    if (snapshot.name !== name) return;
    field('watchers').textContent = snapshot.watchers;
    if (snapshot.version <= shownVersion()) return;
    details.dataset.version = snapshot.version;
    field('version').textContent = snapshot.version;
    setTime(field('updated').querySelector('time'), snapshot.updatedAt);
    valueView.textContent = JSON.stringify(snapshot.value, null, 2);
    flash(valueView);
    flash(field('version'));
    if (!editor.hidden && snapshot.version > Number(expected.value)) {
      stale.textContent = `Someone changed this value to version ${snapshot.version} while you were editing. ` +
        'Your draft is safe: saving will show you the newer value before anything is replaced.';
      stale.hidden = false;
    }
    refresh();
  };

  const watchersChanged = change => {
    if (change.name === name) field('watchers').textContent = change.watchers;
  };

  // The page of a deleted value is the server's "not found" page, which says so.
  const valueDeleted = deletion => { if (deletion.name === name) location.reload(); };

  connect({ ValueChanged: valueChanged, ValueDeleted: valueDeleted, WatchersChanged: watchersChanged }, async connection => {
    const snapshot = await connection.invoke('Subscribe', name);
    if (snapshot) valueChanged(snapshot);
  });
}
