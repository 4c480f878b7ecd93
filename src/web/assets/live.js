// Live pages. Contract (see docs/pages.md): GET /events streams Server-Sent Events, one per claim history
// event: `id:` is the event's seq, `data:` is JSON {seq, claimId, articleId, status, version}, nothing more.
// The <body> says what the page shows: data-live-claims="id id", data-live-articles="id id", or
// data-live-everything="true" (desk, my). When an event concerns the page, it refetches its own URL and
// swaps in each [data-live-region] of the new HTML — except a region holding a focused or edited form, so
// nobody loses what they typed. EventSource reconnects by itself and sends Last-Event-ID: nothing is missed.
(() => {
  const body = document.body;
  const words = (name) => (body.dataset[name] || '').split(' ').filter(Boolean);
  const claims = new Set(words('liveClaims'));
  const articles = new Set(words('liveArticles'));
  const everything = body.dataset.liveEverything === 'true';
  const status = document.getElementById('live-status');
  if (!everything && claims.size === 0 && articles.size === 0) return;

  const concerns = (change) => everything || claims.has(change.claimId) || articles.has(change.articleId);

  const edited = new WeakSet();
  document.addEventListener('input', (event) => {
    if (event.target.form) edited.add(event.target.form);
  });
  const busy = (region) =>
    region.contains(document.activeElement) && document.activeElement !== document.body ||
    [...region.querySelectorAll('form')].some((form) => edited.has(form));

  let timer;
  let running = false;
  let again = false;
  const refresh = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const response = await fetch(location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
      let changed = false;
      for (const region of document.querySelectorAll('[data-live-region]')) {
        const name = region.getAttribute('data-live-region');
        const replacement = fresh.querySelector(`[data-live-region="${CSS.escape(name)}"]`);
        if (!replacement || busy(region) || replacement.innerHTML === region.innerHTML) continue;
        region.innerHTML = replacement.innerHTML;
        changed = true;
      }
      if (changed && status) status.textContent = status.dataset.updated || '';
    } catch {
      // The next event tries again.
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  // The first event of a burst starts a 200 ms wait, and those arriving during it join the same refresh.
  // (Restarting the wait on each event would put the refresh off for as long as a busy desk keeps moving.)
  const schedule = () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      refresh();
    }, 200);
  };

  const events = new EventSource('/events');
  events.onmessage = (message) => {
    try {
      if (concerns(JSON.parse(message.data))) schedule();
    } catch {
      // Not an event this page knows.
    }
  };
})();
