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

  async function softphone(callId) {
    if (!window.Twilio || !window.Twilio.Device) {
      say("The softphone library is not loaded.", true);
      return;
    }
    const answer = await window.deskFetch("/api/v1/voice-token");
    if (!answer.ok) {
      say((await answer.json()).error.message, true);
      return;
    }
    const grant = await answer.json();
    const device = new window.Twilio.Device(grant.token, grant.device_options || {});
    connection = await device.connect({params: {call_id: String(callId)}});
    hangup.hidden = false;
    connection.on("disconnect", () => { hangup.hidden = true; });
  }

  hangup.addEventListener("click", () => {
    if (connection) connection.disconnect();
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
