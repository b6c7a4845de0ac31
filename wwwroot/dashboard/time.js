// Keeps every <time data-relative> ("12 s ago") current. The wording matches RelativeTime.cs, which renders it first.

export function formatAgo(date, now = Date.now()) {
  const seconds = Math.floor((now - date.getTime()) / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** Points a <time data-relative> element at a new moment. */
export function setTime(element, iso) {
  element.dateTime = iso;
  element.title = new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  element.textContent = formatAgo(new Date(iso));
}

function refresh() {
  for (const element of document.querySelectorAll('time[data-relative]')) {
    element.textContent = formatAgo(new Date(element.dateTime));
  }
}

setInterval(refresh, 1000);
