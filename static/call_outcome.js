// The Phone Call window after its call: when the call ends while the window is open, the window
// becomes that call's outcome form: the Add Activity fields, saved to the same verb as the
// prompt's (POST /api/v1/accounts/<id>/activities with the call's id), the likely outcome chosen.
// On an account from the work queue, saving offers the queue's next account (queue.js), or
// opens it at once when the collector chose so in their settings (auto_next).
window.deskCallOutcome = (() => {
  "use strict";

  const SKIPPED = ["csrf_token", "idempotency_key", "queue"];

  function el(tag, text, attrs = {}) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }

  async function promptOf(callId) {
    const answer = await window.deskFetch("/api/v1/prompts");
    if (!answer.ok) return null;
    return (await answer.json()).items.find((p) => p.call_id === callId) || null;
  }

  function outcomeForm(callId, status, prompt) {
    const form = document.querySelector("#add-activity form").cloneNode(true);
    form.removeAttribute("action");
    form.removeAttribute("method");
    form.classList.add("call-outcome-form");
    form.querySelector("h2").textContent = `Call outcome (${status})`;
    form.querySelector("[name=call_id]").value = String(callId);
    const select = form.querySelector("[name=disposition]");
    if (prompt && prompt.suggested_disposition_id) select.value = String(prompt.suggested_disposition_id);
    if (!form.querySelector(".form-error")) {
      form.querySelector(".actions").before(el("p", "", {class: "form-error", role: "alert", hidden: ""}));
    }
    return form;
  }

  function fields(form) {
    const data = {};
    new FormData(form).forEach((value, name) => {
      if (!SKIPPED.includes(name) && String(value).trim() !== "") data[name] = value;
    });
    data.call_id = Number(data.call_id);
    return data;
  }

  function saved() {
    const box = el("div", "", {class: "call-outcome-saved"});
    box.append(el("h2", "Outcome saved"));
    const actions = el("div", "", {class: "actions"});
    actions.append(el("button", "Close", {type: "button", class: "btn", "data-close": ""}));
    box.append(actions);
    if (document.querySelector(".queue-bar")) {
      const next = el("button", "Next account", {type: "button", class: "btn btn-blue", "data-queue-next": ""});
      actions.append(next);
      box.append(el("p", "", {class: "queue-message", role: "status"}));
    }
    return box;
  }

  // The window's call form while the outcome form (or its saved note) is shown in its place; it
  // comes back when the window closes (a prompt stays in the prompt area until the outcome is
  // recorded or dismissed).
  let callForm = null;

  async function show(dialog, call) {
    replace(dialog, outcomeForm(call.id, call.customer_status || call.status, await promptOf(call.id)));
  }

  // A prompt's "Record outcome" on an account from the work queue: the same form in the same
  // window, so that saving it offers the next account too.
  function open(dialog, prompt) {
    replace(dialog, outcomeForm(prompt.call_id, prompt.status, prompt));
    if (!dialog.open) dialog.showModal();
  }

  function replace(dialog, form) {
    const shown = dialog.firstElementChild;
    if (!callForm) {
      callForm = shown;
      dialog.addEventListener("close", () => { dialog.replaceChildren(callForm); callForm = null; }, {once: true});
    }
    shown.replaceWith(form);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const url = `/api/v1/accounts/${dialog.dataset.accountId}/activities`;
      if (!await window.deskForms.send(form, url, "POST", fields(form))) return;
      const box = saved();
      form.replaceWith(box);
      const next = box.querySelector("[data-queue-next]");
      if (next && dialog.dataset.autoNext === "1") next.click();
    });
  }

  return {show, open};
})();
