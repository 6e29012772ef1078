/**
 * The studio's script, sent as is to the browser (the preview's own code, no content in
 * it): views and dark mode kept in the URL's fragment, the email iframe sized to its
 * content, live reload over server-sent events that swaps the page's main element and
 * keeps the view and the scroll position, the checks panel loaded on demand, and the
 * mark-ready and send-a-test buttons.
 */
export const CLIENT_SCRIPT = `
(() => {
  const state = () => Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
  const frame = () => document.getElementById('frame');
  const fit = () => {
    const f = frame();
    if (!f || !f.contentDocument || !f.contentDocument.documentElement) return;
    f.style.height = f.contentDocument.documentElement.scrollHeight + 'px';
  };
  let checksFor = null;
  function loadChecks() {
    const box = document.getElementById('checks');
    if (!box || checksFor === box) return;
    checksFor = box;
    box.innerHTML = '<p class="muted">Running the checks (SpamAssassin takes a second)…</p>';
    fetch(box.dataset.src)
      .then((r) => r.text().then((text) => {
        if (!r.ok) throw new Error('the preview answered ' + r.status + ': ' + text.replace(/<[^>]*>/g, ' ').replace(/\\s+/g, ' ').trim().slice(0, 300));
        box.innerHTML = text;
      }))
      .catch((error) => {
        // The spinner stops; the error shows; opening the panel again retries.
        checksFor = null;
        const p = document.createElement('p');
        p.className = 'problem';
        p.setAttribute('role', 'alert');
        p.textContent = 'The checks did not run: ' + (error && error.message ? error.message : String(error));
        box.replaceChildren(p);
      });
  }
  function apply() {
    const s = state();
    const view = s.view || 'desktop';
    const dark = s.dark === '1';
    document.body.dataset.shown = view;
    document.body.dataset.scheme = dark ? 'dark' : 'light';
    for (const b of document.querySelectorAll('button[data-view]')) b.classList.toggle('on', b.dataset.view === view);
    for (const p of document.querySelectorAll('[data-panel]')) p.hidden = !p.dataset.panel.split(' ').includes(view);
    const box = document.getElementById('dark');
    if (box) box.checked = dark;
    const f = frame();
    if (f) {
      f.style.width = (view === 'mobile' ? 375 : 600) + 'px';
      const u = new URL(f.dataset.src, location.href);
      if (dark) u.searchParams.set('scheme', 'dark');
      const want = u.pathname + u.search;
      if (f.getAttribute('src') !== want) f.setAttribute('src', want);
      setTimeout(fit, 30);
    }
    if (view === 'checks') loadChecks();
  }
  function setState(patch) {
    const s = Object.assign(state(), patch);
    for (const k of Object.keys(s)) if (s[k] === '' || s[k] === '0') delete s[k];
    history.replaceState(null, '', '#' + new URLSearchParams(s));
    apply();
  }
  document.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-view]');
    if (b) { e.preventDefault(); setState({ view: b.dataset.view }); }
  });
  document.addEventListener('change', (e) => {
    if (e.target.id === 'dark') setState({ dark: e.target.checked ? '1' : '0' });
  });
  document.addEventListener('load', (e) => { if (e.target.id === 'frame') { fit(); window.scrollTo(0, keepY); } }, true);
  let keepY = 0;
  async function reload() {
    keepY = window.scrollY;
    const res = await fetch(location.pathname + location.search, { headers: { 'x-braid-reload': '1' } });
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const next = doc.getElementById('main');
    const current = document.getElementById('main');
    if (!next || !current) return;
    const old = frame();
    const fresh = next.querySelector('#frame');
    if (old && fresh) {
      old.dataset.src = fresh.dataset.src;
      fresh.replaceWith(old);
    }
    checksFor = null;
    current.replaceWith(next);
    document.body.dataset.version = next.dataset.version || '';
    apply();
    window.scrollTo(0, keepY);
  }
  let pending = Promise.resolve();
  const events = new EventSource('/events');
  events.addEventListener('change', () => { pending = pending.then(reload, reload); });
  document.addEventListener('submit', async (e) => {
    const form = e.target;
    if (!form.dataset.action) return;
    e.preventDefault();
    const out = form.querySelector('.result');
    const body = Object.fromEntries(new FormData(form));
    const res = await fetch(form.dataset.action, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = await res.json().catch(() => ({ message: res.statusText }));
    if (out) out.textContent = answer.message;
  });
  apply();
})();
`;
