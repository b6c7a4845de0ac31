// "/" focuses the values filter, as on GitHub, unless the operator is typing somewhere or a dialog is open.
let listener = null;

export function focusOnSlash(selector) {
  stop();
  listener = event => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
      return;
    }

    const target = event.target;
    if (target instanceof Element && (target.closest('input, textarea, select, [contenteditable]') || document.querySelector('.mud-dialog'))) {
      return;
    }

    const filter = document.querySelector(selector);
    if (filter) {
      event.preventDefault();
      filter.focus();
      filter.select();
    }
  };
  document.addEventListener('keydown', listener);
}

export function stop() {
  if (listener) {
    document.removeEventListener('keydown', listener);
    listener = null;
  }
}
