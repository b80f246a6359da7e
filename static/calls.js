// Calls in the console: the disposition prompts on every page (the Phone Call window is
// static/phone_call.js). Loaded once per page life, in <head>: aside#call-prompt is kept across
// page swaps (hx-preserve, see shell.js), and so is what this script put in it.
(() => {
  "use strict";
  if (window.deskPrompts) return;
  window.deskPrompts = true;

  // ---- the disposition prompt ---------------------------------------------------------
  // Prompts are server state (GET /api/v1/prompts), fetched when the page's live stream says
  // this user's calls changed (see live.js), shown until recorded.
  const area = document.getElementById("call-prompt");
  const wanted = () => new URLSearchParams(location.search).get("record_call");
  let shown = "";
  let opened = null;  // the address whose ?record_call= window was opened: once per arrival

  function el(tag, text, attrs = {}) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }

  const time = (iso) => (iso ? window.deskTime(iso, {hour: "numeric", minute: "2-digit"}) : "");

  function describe(p) {
    const how = p.direction === "inbound" ? `Call from ${p.to}` : `Call to ${p.to}`;
    return `${how} ended ${time(p.ended_at)}: ${p.status}, ${p.duration || 0} s talk.`;
  }

  // Every waiting call is listed, oldest first: its account, when it ended, and two ways out:
  // record the outcome, or dismiss it with a reason (kept on the account's timeline). Above them
  // a line says how many wait, with a Show / Hide button that folds the list to that one line
  // (kept for the tab's later pages in sessionStorage).
  const FOLDED = "desk-prompts-folded";
  const folded = () => sessionStorage.getItem(FOLDED) === "1";

  function render(items) {
    const key = JSON.stringify(items);
    if (key === shown) return;
    shown = key;
    const list = el("div", "", {id: "call-prompt-list", class: "prompt-list"});
    list.append(...items.map(promptBox));
    area.replaceChildren(head(items.length), list);
    area.hidden = items.length === 0;
    fold(folded());
  }

  function head(count) {
    const line = el("div", "", {class: "prompt-head"});
    const words = count === 1 ? "1 call awaits its outcome." : `${count} calls await their outcome.`;
    const toggle = el("button", "", {type: "button", class: "btn prompt-toggle", "aria-controls": "call-prompt-list"});
    toggle.addEventListener("click", () => {
      sessionStorage.setItem(FOLDED, folded() ? "0" : "1");
      fold(folded());
    });
    line.append(el("p", words, {class: "prompt-count"}), toggle);
    return line;
  }

  function fold(on) {
    const toggle = area.querySelector(".prompt-toggle");
    if (!toggle) return;
    area.querySelector(".prompt-list").hidden = on;
    area.classList.toggle("folded", on);
    toggle.textContent = on ? "Show" : "Hide";
    toggle.setAttribute("aria-expanded", on ? "false" : "true");
  }

  function promptBox(p) {
    const box = el("div", "", {class: "prompt", "data-call-id": p.call_id});
    const title = el("p", "", {class: "prompt-account"});
    title.append(el("a", `${p.account_number} ${p.customer}`, {href: `/accounts/${p.account_id}`}));
    box.append(title, el("p", describe(p)));
    box.append(el("p", `Suggested: ${p.suggested_disposition}`, {class: "suggested"}));
    const record = el("button", "Record outcome", {type: "button", class: "btn btn-blue"});
    record.addEventListener("click", () => openActivity(p));
    const dismiss = el("button", "Dismiss", {type: "button", class: "btn", "data-dismiss-prompt": ""});
    const form = dismissForm(p);
    dismiss.addEventListener("click", () => { form.hidden = false; dismiss.hidden = true; });
    box.append(record, dismiss, form);
    return box;
  }

  const REASONS = ["Wrong number dialled", "Logged elsewhere", "Test call"];

  function dismissForm(p) {
    const form = el("form", "", {class: "prompt-dismiss", hidden: ""});
    const choice = el("select", "", {name: "choice", "aria-label": "Why there is no outcome"});
    [...REASONS, "Other"].forEach((r) => choice.append(el("option", r === "Other" ? "Other: ..." : r, {value: r})));
    const other = el("input", "", {name: "reason", maxlength: "500", placeholder: "Say why", "aria-label": "Other reason", hidden: ""});
    choice.addEventListener("change", () => { other.hidden = choice.value !== "Other"; });
    form.append(choice, other, el("p", "", {class: "form-error", role: "alert", hidden: ""}),
                el("button", "Dismiss call", {type: "submit", class: "btn btn-red"}));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const reason = choice.value === "Other" ? other.value : choice.value;
      const done = await window.deskForms.send(form, `/api/v1/prompts/${p.call_id}/dismiss`, "POST", {reason});
      if (done) fetchPrompts();
    });
    return form;
  }

  function openActivity(p) {
    const phone = document.getElementById("phone-call");
    if (document.querySelector(".queue-bar") && phone && phone.dataset.accountId === String(p.account_id)) {
      window.deskCallOutcome.open(phone, p);
      return;
    }
    const dialog = document.getElementById("add-activity");
    if (!dialog || dialog.dataset.accountId !== String(p.account_id)) {
      window.deskGo(`/accounts/${p.account_id}?record_call=${p.call_id}`);
      return;
    }
    dialog.querySelector("[name=call_id]").value = String(p.call_id);
    const select = dialog.querySelector("[name=disposition]");
    if (p.suggested_disposition_id) select.value = String(p.suggested_disposition_id);
    if (!dialog.open) dialog.showModal();
  }

  async function fetchPrompts() {
    const answer = await window.deskFetch("/api/v1/prompts");
    if (!answer.ok) return;
    const items = (await answer.json()).items;
    render(items);
    const asked = wanted() && items.find((p) => String(p.call_id) === wanted());
    if (asked && opened !== location.href) {
      opened = location.href;
      openActivity(asked);
    }
  }

  if (!area) return;
  const refresh = window.deskLive.follow("user:", fetchPrompts, {shell: true});
  document.addEventListener("desk:page", () => { if (wanted()) refresh(); });

  // Opening Add Activity by hand records a note, not a call's outcome.
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-open='add-activity']")) {
      const field = document.querySelector("#add-activity [name=call_id]");
      if (field) field.value = "";
    }
  });
})();
