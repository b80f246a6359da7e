// The Phone Call window of an account page (it becomes the call's outcome form when the call
// ends, see call_outcome.js). A page script: runs each time its page arrives.
(() => {
  "use strict";
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

  // Through the console's one softphone (softphone.js), which already holds the token.
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

  // A voicemail drop is a prerecorded message: offered only for a phone whose owner consented
  // to those (the API refuses it otherwise, 409 no_prerecorded_consent).
  const number = form.querySelector("[name=to]");
  const drop = form.querySelector("[name=voicemail_drop]");
  const dropWhy = form.querySelector(".voicemail-drop-why");
  function offerDrop() {
    const chosen = number.selectedOptions[0];
    const allowed = Boolean(chosen) && chosen.dataset.prerecordedConsent === "1";
    drop.disabled = !allowed;
    dropWhy.hidden = allowed;
  }
  number.addEventListener("change", offerDrop);
  offerDrop();

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
    const offered = Boolean(why) && form.querySelector(`[name=via][value=${next}]`) && !(await unavailable(next));
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
  document.querySelectorAll("[data-open='phone-call']").forEach((opener) => opener.addEventListener("click", checkMethod));

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
      say(window.deskRefusalWords(data.error), true);
      return;
    }
    say(body.via === "browser" ? "Connecting..." : "Your phone is ringing: answer it to reach the customer.");
    if (body.via === "browser") await softphone(data.id);
    setTimeout(() => follow(data.id), 1000);
  }
})();
