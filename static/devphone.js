// The dev phone (simulator only): this browser's microphone and speaker play the customer and
// call the desk's number. A Voice SDK Device with a token for the customer (GET /dev/phone/token);
// the simulator turns its call into a PSTN call from the customer's number, so the desk's inbound
// routing runs as it would for a real caller. window.deskDevPhone keeps the Device and the call.
(() => {
  "use strict";
  const panel = document.getElementById("customer-call");
  if (!panel) return;
  const SOUNDS = ["incoming", "outgoing", "disconnect", "dtmf0", "dtmf1", "dtmf2", "dtmf3", "dtmf4",
                  "dtmf5", "dtmf6", "dtmf7", "dtmf8", "dtmf9", "dtmfs", "dtmfh"];
  const state = window.deskDevPhone || (window.deskDevPhone = {device: null, call: null});
  const callButton = panel.querySelector("[data-action=call]");
  const hangUpButton = panel.querySelector("[data-action=hangup]");
  const status = panel.querySelector("[role=status]");

  function show(text, inCall) {
    status.textContent = text;
    callButton.hidden = inCall;
    hangUpButton.hidden = !inCall;
  }

  function sounds() {
    return Object.fromEntries(SOUNDS.map((name) => [name, `${panel.dataset.sounds}${name}.wav`]));
  }

  async function fetchToken() {
    const answer = await window.deskFetch(panel.dataset.tokenUrl);
    const data = await answer.json().catch(() => ({}));
    if (!answer.ok) throw new Error((data.error && data.error.message) || `The desk answered ${answer.status}.`);
    return data;
  }

  function ended(text) {
    state.call = null;
    show(text, false);
  }

  function follow(call) {
    state.call = call;
    call.on("accept", () => show(`On a call with the desk as ${panel.dataset.number}.`, true));
    call.on("disconnect", () => ended("The call ended."));
    call.on("cancel", () => ended("The call ended."));
    call.on("reject", () => ended("The desk did not take the call."));
    call.on("error", (err) => ended(`The call failed: ${err.message}`));
  }

  async function callDesk() {
    show("Calling the desk…", true);
    try {
      const data = await fetchToken();
      if (state.device) state.device.destroy();
      state.device = new window.Twilio.Device(data.token, {
        sounds: sounds(), codecPreferences: ["pcmu", "opus"], closeProtection: false, ...(data.device_options || {})});
      follow(await state.device.connect());
    } catch (err) {
      ended(`The call failed: ${err.message || err}`);
    }
  }

  callButton.addEventListener("click", callDesk);
  hangUpButton.addEventListener("click", () => {
    if (state.call) state.call.disconnect();
  });
  if (state.call) show(`On a call with the desk as ${panel.dataset.number}.`, true);
})();
