// The page's one SignalR connection to /hubs/values and the indicator in the top bar.
// The connection never gives up: SignalR's default reconnect policy stops after four tries, which would
// leave an operator's screen silently stale. `subscribe` runs after every (re)connect, because the server
// forgets a connection's subscriptions when it drops; its snapshots bring the page up to date.

const labels = {
  connecting: ['Connecting…', 'Connecting to the server for live updates.'],
  live: ['Live', 'Connected: changes appear as they happen.'],
  reconnecting: ['Reconnecting…', 'The connection dropped; reconnecting.'],
  offline: ['Offline', 'The server cannot be reached. Retrying every few seconds; the page shows the last values it received.'],
};

// Leaving a page (a link, reload, back) cancels its fetches, and a cancelled fetch rejects with the same
// TypeError ("Failed to fetch") as a real network failure, which the operator must not see as an error. The
// browser cancels them in the task that then dispatches pagehide, so `reportError` decides one task later: by
// then a page being left is hidden, or gone and silent. The page's fetches also share a signal aborted on
// pagehide, so that a page kept in the back/forward cache does not finish them when it is shown again; such a page
// gets a fresh signal.
let pageLife = new AbortController();
addEventListener('pagehide', () => pageLife.abort());
addEventListener('pageshow', event => { if (event.persisted) pageLife = new AbortController(); });

/** Logs an error of the live part of the page, unless it comes from leaving the page. */
function reportError(...args) {
  const life = pageLife.signal;
  setTimeout(() => {
    if (life.aborted) console.debug('dropped while leaving the page:', ...args);
    else console.error(...args);
  });
}

function show(state) {
  const indicator = document.getElementById('connection');
  if (!indicator) return;
  const [label, title] = labels[state];
  indicator.dataset.state = state;
  indicator.title = title;
  indicator.querySelector('.connection-label').textContent = label;
}

// Quick retries first, then one every 2 s. A failed retry means the server is unreachable, not just a
// dropped socket, so the indicator says offline from then on.
const retryPolicy = {
  nextRetryDelayInMilliseconds(context) {
    if (context.previousRetryCount > 0) show('offline');
    return [0, 500, 1000][context.previousRetryCount] ?? 2000;
  },
};

/**
 * Connects to the hub, keeps the indicator current and keeps reconnecting forever.
 * @param {Record<string, Function>} handlers server-to-client methods (ValueChanged, WatchersChanged)
 * @param {(connection: signalR.HubConnection) => Promise<void>} subscribe called after every (re)connect
 */
export function connect(handlers, subscribe) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(new URL('hubs/values', document.baseURI).href)
    .withAutomaticReconnect(retryPolicy)
    .configureLogging(signalR.LogLevel.None)
    .build();
  for (const [method, handler] of Object.entries(handlers)) connection.on(method, handler);

  const goLive = async () => {
    try {
      await subscribe(connection);
      show('live');
    } catch (error) {
      // A failed subscribe leaves the page stale; drop the connection so that it starts over.
      reportError('subscribe failed', error);
      await connection.stop();
    }
  };

  const start = async () => {
    show('connecting');
    for (let attempt = 0; ; attempt++) {
      try {
        await connection.start();
        break;
      } catch {
        show('offline');
        await new Promise(resolve => setTimeout(resolve, attempt < 3 ? 1000 : 2000));
      }
    }
    await goLive();
  };

  connection.onreconnecting(() => show('reconnecting'));
  connection.onreconnected(goLive);
  // Reached only when automatic reconnect did not start (the first start failed later) or the page stopped it.
  connection.onclose(() => { show('offline'); start(); });
  start();
  return connection;
}

/** Restarts an element's flash animation to mark a change. */
export function flash(element) {
  element.classList.remove('flash');
  void element.offsetWidth; // forces a reflow so that the animation starts again
  element.classList.add('flash');
}

/** Fetches the page at `url` again and returns its parsed document (server rendering stays the only markup). */
export async function fetchPage(url) {
  const response = await fetch(url, { headers: { Accept: 'text/html' }, signal: pageLife.signal });
  return new DOMParser().parseFromString(await response.text(), 'text/html');
}

/**
 * Wraps an async function so that calls during a run coalesce into one more run after it: a burst of
 * changes costs at most two page fetches.
 */
export function coalesce(run) {
  let running = null;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      try { await run(); } catch (error) { reportError(error); }
    } while (again);
    running = null;
  };
  return () => {
    if (running) again = true;
    else running = loop();
  };
}
