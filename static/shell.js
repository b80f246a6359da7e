// The console as one long-lived page (docs/console-shell.md). htmx boosts the console's links and
// forms: a page change fetches the next page and swaps <body>'s content, while the elements marked
// hx-preserve (the softphone, the call prompts) and everything loaded in <head> (this file, the
// live connection, the shortcuts) stay. This file tells the page scripts when a page arrives:
//   deskPage(fn)   runs fn for the first page and again after every swap (bind to page elements);
//   "desk:leave"   is dispatched on document just before a page is replaced;
//   "desk:page"    is dispatched on document once a new page is in place;
//   deskGo(url)    moves to another console page the same way a boosted link does.
(() => {
  "use strict";
  const shellUser = () => (document.querySelector('meta[name="desk-shell"]') || {}).content;
  const pageHooks = [];
  let ready = false;

  function arrived() {
    ready = true;
    pageHooks.forEach((fn) => fn());
    document.dispatchEvent(new CustomEvent("desk:page"));
  }

  window.deskPage = (fn) => {
    pageHooks.push(fn);
    if (ready) fn();
  };

  window.deskGo = (url) => {
    if (!window.htmx) { window.location.assign(url); return; }
    window.htmx.ajax("GET", url, {target: "body", swap: "innerHTML show:top", push: "true", source: document.body});
  };

  // A page of this login (the same desk-shell user) is swapped in; anything else (a download, the
  // login page after the session ended, another login's page) is loaded the ordinary way.
  function belongs(detail) {
    const type = detail.xhr.getResponseHeader("Content-Type") || "";
    if (!type.startsWith("text/html")) return false;
    const marker = /<meta name="desk-shell" content="([^"]*)">/.exec(detail.xhr.responseText || "");
    return Boolean(marker) && marker[1] === shellUser();
  }

  // A form a page script sends itself (no method, or a data-api-url it posts to) is the script's:
  // htmx leaves it alone (its submit event is the script's to handle).
  document.addEventListener("htmx:confirm", (event) => {
    const elt = event.detail.elt;
    if (elt.tagName === "FORM" && (!elt.hasAttribute("method") || elt.hasAttribute("data-api-url"))) event.preventDefault();
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const detail = event.detail;
    if (!detail.shouldSwap || detail.target !== document.body) return;
    if (!belongs(detail)) {
      detail.shouldSwap = false;
      window.location.assign(detail.xhr.responseURL || detail.pathInfo.requestPath);
      return;
    }
    document.dispatchEvent(new CustomEvent("desk:leave"));
  });
  document.addEventListener("htmx:historyCacheMissLoad", () => document.dispatchEvent(new CustomEvent("desk:leave")));

  // After a swap: the page's own hooks, then focus on the new content for screen readers, or on
  // the control the page marks autofocus (an account from the work queue: its Phone Call button).
  // A window the page opened by itself keeps the focus it took.
  function settled() {
    arrived();
    const main = document.querySelector("main");
    if (!main || document.querySelector("dialog[open]")) return;
    const ready = main.querySelector("[autofocus]");
    (ready || main).focus({preventScroll: true});
  }
  document.addEventListener("htmx:afterSettle", (event) => { if (event.detail.elt === document.body) settled(); });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", arrived);
  else arrived();
})();
