// Live updates: one event stream per browser (GET /live/events, Server-Sent Events), held by
// static/live_worker.js for all the desk's tabs; where a browser has no SharedWorker, one stream
// per page. Each event names a topic that changed ("user:..." for this user's call prompts,
// "account:..." for the open account's texts); scripts follow a topic with
// deskLive.follow(prefix, refresh) and fetch what they show. While the stream is down they poll
// every second, while it is up every 15 s.
(() => {
  "use strict";
  const script = document.currentScript;
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

  function changed(topic) {
    followers.filter((f) => topic.startsWith(f.prefix)).forEach((f) => f.run());
  }

  function caughtUp() {  // (re)connected: catch up on anything missed
    open = true;
    followers.forEach((f) => f.run());
  }

  function shown() {
    const watched = document.querySelector("[data-live-account]");
    return watched ? watched.dataset.liveAccount : "";
  }

  function shareWorker() {
    const user = script.dataset.liveUser;  // a worker per user: never another login's stream
    const worker = new SharedWorker(new URL("live_worker.js", script.src), {name: `desk-live-${user}`});
    const port = worker.port;
    port.onmessage = (event) => {
      const message = event.data;
      if (message.type === "ready") caughtUp();
      else if (message.type === "changed") changed(message.topic);
      else if (message.type === "state") open = message.open;
    };
    port.start();
    const watch = (lock) => port.postMessage({type: "watch", account: shown(), lock});
    if (navigator.locks) {
      // Held while this page lives; the worker asks for it too, and so hears when the page is gone.
      const lock = `desk-live-tab-${Date.now()}-${Math.random()}`;
      navigator.locks.request(lock, () => { watch(lock); return new Promise(() => {}); });
    } else {
      watch();
    }
    window.addEventListener("pagehide", () => port.postMessage({type: "leave"}));
    window.addEventListener("pageshow", (event) => { if (event.persisted) watch(); });
  }

  function connect() {
    if (window.SharedWorker) {
      try { shareWorker(); return; } catch (err) { /* workers refused: a stream of its own */ }
    }
    if (window.EventSource) ownStream();
  }

  function ownStream() {
    const account = shown();
    const source = new EventSource(`/live/events${account ? `?account=${encodeURIComponent(account)}` : ""}`);
    source.addEventListener("ready", caughtUp);
    source.addEventListener("changed", (event) => changed(event.data));
    source.addEventListener("error", () => {
      open = false;  // the browser reconnects by itself, unless the server refused the stream
      if (source.readyState === EventSource.CLOSED) setTimeout(ownStream, 10000);
    });
  }

  window.deskLive = {follow, isOpen: () => open};
  connect();
})();
