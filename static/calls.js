// Calls in the console: the disposition prompts on every page, and the Phone Call window (which
// becomes the call's outcome form when the call ends, see call_outcome.js).
(() => {
  "use strict";

  // ---- the disposition prompt ---------------------------------------------------------
  // Prompts are server state (GET /api/v1/prompts), fetched when the page's live stream says
  // this user's calls changed (see live.js), shown until recorded.
  const area = document.getElementById("call-prompt");
  const wanted = new URLSearchParams(location.search).get("record_call");
  let shown = "";
  let opened = false;

  function el(tag, text, attrs = {}) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }

  const time = (iso) => (iso ? new Date(iso).toLocaleTimeString([], {hour: "numeric", minute: "2-digit"}) : "");

  function describe(p) {
    const how = p.direction === "inbound" ? `Call from ${p.to}` : `Call to ${p.to}`;
    return `${how} ended ${time(p.ended_at)}: ${p.status}, ${p.duration || 0} s talk.`;
  }

  // Every waiting call is listed, oldest first: its account, when it ended, and two ways out:
  // record the outcome, or dismiss it with a reason (kept on the account's timeline).
  function render(items) {
    const key = JSON.stringify(items);
    if (key === shown) return;
    shown = key;
    const count = items.length > 1 ? [el("p", `${items.length} calls await their outcome.`, {class: "prompt-count"})] : [];
    area.replaceChildren(...count, ...items.map(promptBox));
    area.hidden = items.length === 0;
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
      location.href = `/accounts/${p.account_id}?record_call=${p.call_id}`;
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
    const asked = wanted && items.find((p) => String(p.call_id) === wanted);
    if (asked && !opened) {
      opened = true;
      openActivity(asked);
    }
  }

  if (area) window.deskLive.follow("user:", fetchPrompts);

  // Opening Add Activity by hand records a note, not a call's outcome.
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-open='add-activity']")) {
      const field = document.querySelector("#add-activity [name=call_id]");
      if (field) field.value = "";
    }
  });

  // ---- the Phone Call window ------------------------------------------------------------
  const form = document.getElementById("phone-call-form");
  if (!form) return;
  const status = form.querySelector(".call-status");
  const hangup = form.querySelector("[data-hangup]");
  let connection = null;

  function say(text, error = false) {
    status.textContent = text;
    status.classList.toggle("error", error);
  }

  function payload() {
    const data = new FormData(form);
    const body = {to: data.get("to"), via: data.get("via") || "phone", amd: data.get("amd") === "1"};
    ["voicemail_drop", "override_reason"].forEach((name) => {
      const value = (data.get(name) || "").trim();
      if (value) body[name] = value;
    });
    return body;
  }

  function refusal(error) {
    const next = error.fields && error.fields.next_allowed_at;
    return next ? `${error.message} Next allowed: ${new Date(next[0]).toLocaleString()}.` : error.message;
  }

  async function follow(callId) {
    const answer = await window.deskFetch(`/api/v1/calls/${callId}`);
    if (!answer.ok) return;
    const call = await answer.json();
    const customer = call.customer_status ? `; customer ${call.customer_status}` : "";
    say(`Call ${call.status}${customer}.`);
    if (!call.ended_at) {
      setTimeout(() => follow(callId), 1000);
      return;
    }
    const dialog = form.closest("dialog");
    if (call.prompt_pending && dialog && dialog.open && window.deskCallOutcome) window.deskCallOutcome.show(dialog, call);
  }

  // Through the page's one softphone (softphone.js), which already holds the token.
  async function softphone(callId) {
    const account = {id: Number(form.dataset.accountId), name: form.dataset.customer, number: payload().to};
    try {
      connection = await window.deskSoftphone.place(callId, account);
    } catch (err) {
      say(err.code ? window.deskSoftphoneWords.error(err) : err.message, true);
      return;
    }
    hangup.hidden = false;
    connection.on("disconnect", () => { hangup.hidden = true; });
  }

  hangup.addEventListener("click", () => {
    if (connection) connection.disconnect();
  });

  // ---- the calling method: the user's own (call_via), the other one offered in one click when
  // it cannot be used now (no microphone or a blocked one, the softphone not connected, no phone).
  const method = form.querySelector(".call-method");
  const other = method.querySelector("[data-other-method]");
  const via = () => (form.querySelector("[name=via]:checked") || {}).value || "phone";
  const OTHER = {browser: ["phone", "Call from my phone"], phone: ["browser", "Call from the browser"]};

  async function unavailable(chosen) {
    if (chosen === "phone") return form.dataset.hasPhone === "1" ? "" : "You have no phone number on file, so the desk cannot ring your phone.";
    if (!window.deskSoftphone) return "The softphone is off on this desk.";
    const can = await window.deskSoftphone.canCall();
    return can.ok ? "" : can.why;
  }

  /** Whether the chosen method works now; if not, say why and offer the other (when there is one). */
  async function checkMethod() {
    const chosen = via();
    const why = await unavailable(chosen);
    if (chosen !== via()) return true;  // changed meanwhile: that check answers
    const [next, label] = OTHER[chosen];
    const offered = form.querySelector(`[name=via][value=${next}]`) && !(await unavailable(next));
    method.querySelector(".call-method-why").textContent = why;
    other.textContent = label;
    other.dataset.via = next;
    other.hidden = !offered;
    method.hidden = !why;
    return !why;
  }

  other.addEventListener("click", () => {
    form.querySelector(`[name=via][value=${other.dataset.via}]`).checked = true;
    method.hidden = true;
    form.requestSubmit();
  });
  form.addEventListener("change", (event) => { if (event.target.name === "via") checkMethod(); });
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-open='phone-call']")) checkMethod();
  });

  // Placed once: the Call button is off while the request runs, and a retry after a network
  // error carries the same Idempotency-Key (deskOnce in desk.js), so the customer is rung once.
  const callButton = form.querySelector("[type=submit]");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (callButton.disabled) return;
    callButton.disabled = true;
    try {
      await place();
    } finally {
      callButton.disabled = false;
    }
  });

  async function place() {
    const body = payload();
    say("Checking how you can call...");
    if (!(await checkMethod())) {
      say("");
      return;
    }
    say("Placing the call...");
    let answer;
    try {
      answer = await window.deskFetch(`/api/v1/accounts/${form.dataset.accountId}/calls`, {
        method: "POST", headers: {"Content-Type": "application/json", "Idempotency-Key": window.deskOnce.key(form)},
        body: JSON.stringify(body)});
    } catch (err) {
      say("The desk could not be reached. Call again: the customer is rung only once.", true);
      return;
    }
    const data = await answer.json().catch(() => ({error: {message: `The desk answered ${answer.status}.`}}));
    window.deskOnce.answered(form, answer, data);
    if (!answer.ok) {
      say(refusal(data.error), true);
      return;
    }
    say(body.via === "browser" ? "Connecting..." : "Your phone is ringing: answer it to reach the customer.");
    if (body.via === "browser") await softphone(data.id);
    setTimeout(() => follow(data.id), 1000);
  }
})();
