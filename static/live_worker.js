// One live-update stream for all of a browser's desk tabs (a SharedWorker; static/live.js
// connects each tab). A browser opens at most six HTTP/1.1 connections to a host, so a stream
// per tab stalled the seventh page. The worker opens GET /live/events for the union of what the
// tabs show (the user's own topic, and ?account=... for each account page), reopens it when
// that union changes, and forwards each event to the tabs it concerns.
"use strict";
const tabs = new Map();  // port -> the account id the tab shows, or "" (worklist, admin pages)
let source = null;
let sourceKey = null;
let open = false;
let retry = null;
let pending = null;

onconnect = (event) => {
  const port = event.ports[0];
  port.onmessage = (message) => heard(port, message.data || {});
  port.start();
};

function heard(port, message) {
  if (message.type === "watch") {
    tabs.set(port, String(message.account || ""));
    port.postMessage({type: "state", open});
    if (message.lock && self.navigator.locks) {
      // The tab holds this lock while it lives: granted to us once the tab is gone.
      self.navigator.locks.request(message.lock, () => leave(port));
    }
  } else if (message.type === "leave") {
    leave(port);
  }
  soon();
}

function leave(port) {
  tabs.delete(port);
  soon();
}

function soon() {  // tabs often come and go together: reconnect once for them all
  clearTimeout(pending);
  pending = setTimeout(reconcile, 50);
}

function wanted() {
  return [...new Set(tabs.values())].filter(Boolean).sort((a, b) => a - b);
}

function reconcile() {
  const accounts = wanted();
  const key = tabs.size ? accounts.join(",") : null;
  if (key === sourceKey && (source || key === null)) return;
  close();
  sourceKey = key;
  if (key !== null) connect(accounts);
}

function close() {
  clearTimeout(retry);
  if (source) source.close();
  source = null;
  setOpen(false);
}

function connect(accounts) {
  const query = accounts.map((id) => `account=${encodeURIComponent(id)}`).join("&");
  source = new EventSource(`/live/events${query ? `?${query}` : ""}`);
  source.addEventListener("ready", () => {  // (re)connected: every tab catches up
    setOpen(true);
    tabs.forEach((account, port) => port.postMessage({type: "ready"}));
  });
  source.addEventListener("changed", (event) => {
    const topic = event.data;
    tabs.forEach((account, port) => {
      if (!topic.startsWith("account:") || topic === `account:${account}`) {
        port.postMessage({type: "changed", topic});
      }
    });
  });
  source.addEventListener("error", () => {
    setOpen(false);  // the browser reconnects by itself, unless the server refused the stream
    if (source && source.readyState === EventSource.CLOSED) {
      source = null;
      retry = setTimeout(() => { sourceKey = null; reconcile(); }, 10000);
    }
  });
}

function setOpen(now) {
  if (open === now) return;
  open = now;
  tabs.forEach((account, port) => port.postMessage({type: "state", open}));
}
