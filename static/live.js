// Live updates: one event stream per browser (GET /live/events, Server-Sent Events), held by
// static/live_worker.js for all the desk's tabs; where a browser has no SharedWorker, one stream
// per page. Each event names a topic that changed ("user:..." for this user's call prompts,
// "account:..." for the open account's texts); scripts follow a topic with
// deskLive.follow(prefix, refresh) and fetch what they show. While the stream is down they poll
// every second, while it is up every 15 s.
// Loaded once per page life (in <head>, see shell.js): the connection outlives page swaps. A page
// script's followers stop when its page is replaced; follow(prefix, refresh, {shell: true}) is for
// the shell's own scripts (calls.js), whose followers last as long as the connection.
(() => {
  "use strict";
  if (window.deskLive) return;
  const script = document.currentScript;
  const POLL_MS = {open: 15000, closed: 1000};
  const followers = [];
  let open = false;

  function follow(prefix, refresh, {shell = false} = {}) {
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
    const timer = setInterval(() => { if (Date.now() - last >= (open ? POLL_MS.open : POLL_MS.closed)) run(); }, 500);
    followers.push({prefix, run, shell, timer});
    run();
    return run;
  }

  document.addEventListener("desk:leave", () => {  // the page's followers go with it
    followers.filter((f) => !f.shell).forEach((f) => clearInterval(f.timer));
    const kept = followers.filter((f) => f.shell);
    followers.splice(0, followers.length, ...kept);
  });

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
    let watched = shown();
    const watch = (lock) => port.postMessage({type: "watch", account: watched, lock});
    document.addEventListener("desk:page", () => {  // another page: tell the worker what it shows
      if (shown() === watched) return;
      watched = shown();
      watch();
    });
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
    const moved = () => {  // a page of another account: a stream for it
      if (shown() === account) return;
      document.removeEventListener("desk:page", moved);
      source.close();
      ownStream();
    };
    document.addEventListener("desk:page", moved);
    source.addEventListener("ready", caughtUp);
    source.addEventListener("changed", (event) => changed(event.data));
    source.addEventListener("error", () => {
      open = false;  // the browser reconnects by itself, unless the server refused the stream
      if (source.readyState !== EventSource.CLOSED) return;
      document.removeEventListener("desk:page", moved);
      setTimeout(ownStream, 10000);
    });
  }

  window.deskLive = {follow, isOpen: () => open};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", connect);
  else connect();
})();
