// A link marked data-reload reloads the page, which a dead circuit cannot do for it. A listener in a file rather
// than an inline onclick, because the dashboard's Content-Security-Policy allows no inline script.
document.addEventListener('click', event => {
  if (event.target instanceof Element && event.target.closest('[data-reload]')) {
    event.preventDefault();
    location.reload();
  }
});
