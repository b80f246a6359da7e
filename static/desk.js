// Quick-action windows: a button with data-open="id" opens <dialog id>; data-close closes it.
document.addEventListener("click", (event) => {
  const opener = event.target.closest("[data-open]");
  if (opener) {
    const dialog = document.getElementById(opener.dataset.open);
    if (dialog) dialog.showModal();
  }
  const closer = event.target.closest("[data-close]");
  if (closer) closer.closest("dialog").close();
});

// A window the server sent back with a refusal in it opens by itself (on every page that arrives:
// a boosted form's refusal is swapped in, see shell.js).
window.deskPage(() => {
  document.querySelectorAll("dialog[data-open-on-load]:not([open])").forEach((dialog) => dialog.showModal());
});

// Times written by a page's scripts are shown in the collector's own time zone (a user setting,
// the dealer's by default), as the server writes them: never the browser's. The zone is in the
// page's body, so a page swapped in after the setting changed brings the new one.
window.deskTime = (iso, parts = {month: "short", day: "numeric", hour: "numeric", minute: "2-digit"}) => {
  const holder = document.getElementById("desk-time-zone");
  const timeZone = (holder && holder.dataset.zone) || undefined;
  return new Date(iso).toLocaleString("en-US", {...parts, timeZone, timeZoneName: "short"});
};

// A compliance refusal's message with when it lifts, in the collector's zone (unless the message
// already says when, as a state rule's does in the customer's zone).
window.deskRefusalWords = (error) => {
  const next = [].concat((error.fields && error.fields.next_allowed_at) || [])[0];
  if (!next || /next allowed/i.test(error.message)) return error.message;
  return `${error.message} Next allowed: ${window.deskTime(next)} your time.`;
};

// Session-authenticated API calls from the page carry the CSRF token.
window.deskFetch = (url, options = {}) => {
  const token = document.querySelector('meta[name="csrf-token"]').content;
  options.headers = Object.assign({"X-CSRFToken": token, "Accept": "application/json"}, options.headers || {});
  options.credentials = "same-origin";
  return fetch(url, options);
};

// Writes sent once: each window's form keeps one Idempotency-Key from its first send until the
// desk has answered it, so a double click or a retry after a network error is done only once (the
// repeat gets the first answer); once answered, the next send is a new request with a new key.
// A 409 idempotency_in_progress (the first send still running) keeps the key for the retry.
window.deskOnce = (() => {
  const newKey = () => (crypto.randomUUID ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(""));
  const forget = (form) => { delete form.dataset.idempotencyKey; };
  return {
    key(form) {
      if (!form.dataset.idempotencyKey) form.dataset.idempotencyKey = newKey();
      return form.dataset.idempotencyKey;
    },
    forget,
    answered(form, answer, payload) {
      const busy = answer.status === 409 && payload && payload.error && payload.error.code === "idempotency_in_progress";
      if (!busy) forget(form);
    },
  };
})();

// Forms sent to the JSON API. A refusal ({"error": {"code", "message", "fields"}}) is shown in
// the form: the message on top, each field's reason next to the field (a field is found by
// data-field="name", else by its name), and what was typed stays. After a success the page moves
// on and the next page shows a message, as a flash would.
window.deskForms = (() => {
  const LABELS = {amount: "Amount", due_on: "Due date", paid_on: "Date", assigned_to: "Assigned to",
                  notes: "Notes", reference: "Reference", overpayment: "Overpayment", reason: "Reason",
                  cancel_reason: "Reason", installments: "Installments", status: "Status"};
  const label = (name) => {
    const part = name.match(/^installments\.(\d+)\.(\w+)$/);
    if (part) return `Installment ${Number(part[1]) + 1} ${(LABELS[part[2]] || part[2]).toLowerCase()}`;
    return LABELS[name] || name.replace(/^_/, "").replace(/_/g, " ");
  };
  // {"installments": {"0": {"due_on": [...]}}} -> [["installments.0.due_on", [...]]]
  const flatten = (fields, prefix = "") => Object.entries(fields || {}).flatMap(([key, value]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    return value && typeof value === "object" && !Array.isArray(value) ? flatten(value, name) : [[name, [].concat(value)]];
  });
  const fieldOf = (form, name) => {
    const marked = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (marked) return marked;
    const named = form.elements.namedItem(name);
    return named instanceof Element && named.type !== "hidden" ? named : null;
  };
  let counter = 0;

  function clear(form) {
    form.querySelectorAll(".field-error").forEach((el) => el.remove());
    form.querySelectorAll("[aria-invalid]").forEach((el) => {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
    const box = form.querySelector(".form-error");
    if (box) { box.hidden = true; box.textContent = ""; }
  }

  function showError(form, payload) {
    clear(form);
    const err = (payload && payload.error) || {message: "Something went wrong; nothing was saved."};
    const unplaced = [];
    for (const [name, reasons] of flatten(err.fields)) {
      const field = fieldOf(form, name);
      if (!field) { unplaced.push(`${label(name)}: ${reasons.join(" ")}`); continue; }
      const note = document.createElement("span");
      note.className = "field-error";
      note.id = `field-error-${++counter}`;
      note.textContent = reasons.join(" ");
      (field.closest("label") || field).after(note);
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", note.id);
    }
    const box = form.querySelector(".form-error");
    if (!box) return;
    box.textContent = err.message || "Something went wrong; nothing was saved.";
    if (unplaced.length) {
      const list = document.createElement("ul");
      unplaced.forEach((text) => { list.appendChild(document.createElement("li")).textContent = text; });
      box.appendChild(list);
    }
    box.hidden = false;
  }

  // Send `data` as JSON; the answer's body on success, null (the error shown) on a refusal.
  // The submit button is off while the request runs; a POST carries the form's Idempotency-Key.
  async function send(form, url, method, data) {
    const submit = form.querySelector("[type=submit]");
    clear(form);
    if (submit) submit.disabled = true;
    const headers = {"Content-Type": "application/json"};
    if (method === "POST") headers["Idempotency-Key"] = window.deskOnce.key(form);
    let answer = null;
    let payload = null;
    try {
      answer = await window.deskFetch(url, {method, headers, body: JSON.stringify(data)});
      payload = await answer.json().catch(() => null);
    } catch (err) { /* not reached: said below */ }
    if (answer) window.deskOnce.answered(form, answer, payload);
    if (answer && answer.ok) return payload || {};
    if (submit) submit.disabled = false;
    showError(form, payload && payload.error ? payload : {error: {message: answer
      ? `The desk answered ${answer.status}; nothing was saved.` : "The desk could not be reached. Save again: it is saved only once."}});
    return null;
  }

  function done(message, url) {
    sessionStorage.setItem("desk-flash", message);
    window.deskGo(url);
  }

  window.deskPage(() => {
    const saved = sessionStorage.getItem("desk-flash");
    const main = document.querySelector("main");
    if (!saved || !main) return;
    sessionStorage.removeItem("desk-flash");
    const flash = document.createElement("div");
    flash.className = "flash flash-ok";
    flash.setAttribute("role", "status");
    flash.textContent = saved;
    main.prepend(flash);
  });

  const money = (value) => Number(value).toLocaleString("en-US", {style: "currency", currency: "USD"});
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const day = (iso) => { const [y, m, d] = iso.split("-"); return `${MONTHS[Number(m) - 1]} ${d}, ${y}`; };

  return {clear, showError, send, done, money, day};
})();
