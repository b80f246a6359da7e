// Live updates: one event stream per page (GET /live/events, Server-Sent Events). Each event
// names a topic that changed ("user:..." for this user's call prompts, "account:..." for the
// open account's texts); scripts follow a topic with deskLive.follow(prefix, refresh) and fetch
// what they show. While the stream is down they poll every second, while it is up every 15 s.
(() => {
  "use strict";
  const POLL_MS = {open: 15000, closed: 1000};
  const followers = [];
  let open = false;

  function follow(prefix, refresh) {
    let running = false;
    let again = false;
    let last = 0;
    const run = async () => {
      if (running) { again = true; return; }  // a change during a fetch: fetch once more after it
      running = true;
      do {
        again = false;
        last = Date.now();
        try { await refresh(); } catch (err) { /* offline for a moment: the next run tries again */ }
      } while (again);
      running = false;
    };
    followers.push({prefix, run});
    setInterval(() => { if (Date.now() - last >= (open ? POLL_MS.open : POLL_MS.closed)) run(); }, 500);
    run();
    return run;
  }

  function connect() {
    const watched = document.querySelector("[data-live-account]");
    const query = watched ? `?account=${encodeURIComponent(watched.dataset.liveAccount)}` : "";
    const source = new EventSource(`/live/events${query}`);
    source.addEventListener("ready", () => {  // (re)connected: catch up on anything missed
      open = true;
      followers.forEach((f) => f.run());
    });
    source.addEventListener("changed", (event) => {
      followers.filter((f) => event.data.startsWith(f.prefix)).forEach((f) => f.run());
    });
    source.addEventListener("error", () => {
      open = false;  // the browser reconnects by itself, unless the server refused the stream
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 10000);
    });
  }

  window.deskLive = {follow, isOpen: () => open};
  if (window.EventSource) connect();
})();
