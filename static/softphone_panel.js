// The softphone region (#softphone in base.html, kept across page swaps): its live status, the
// ringing banner (Answer / Decline) and the call controls (Mute, Keypad, Hang up, a timer, the
// customer, microphone and speaker, the network warning). Driven by softphone.js's events.
(() => {
  "use strict";
  const region = document.getElementById("softphone");
  if (!region || !window.deskSoftphone || region.dataset.built) return;
  region.dataset.built = "1";

  const phone = window.deskSoftphone;
  const words = window.deskSoftphoneWords;
  const DIGITS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

  function el(tag, text, attrs = {}) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }
  const button = (text, cls = "btn") => el("button", text, {type: "button", class: cls});

  const status = region.querySelector("[role=status]") || region.appendChild(el("p", "", {role: "status"}));
  const ringing = el("div", "", {class: "softphone-ringing", hidden: ""});
  const caller = el("p", "", {class: "softphone-caller"});
  const answerButton = button("Answer", "btn btn-blue");
  const declineButton = button("Decline", "btn btn-red");
  ringing.append(caller, answerButton, declineButton);

  const inCall = el("div", "", {class: "softphone-call", hidden: ""});
  const who = el("p", "", {class: "softphone-who"});
  const timer = el("span", "0:00", {class: "softphone-timer", "aria-label": "Call time"});
  const warning = el("p", "", {class: "softphone-warning", role: "alert", hidden: ""});
  const muteButton = button("Mute");
  const keypadButton = button("Keypad");
  keypadButton.setAttribute("aria-expanded", "false");
  const hangUpButton = button("Hang up", "btn btn-red");
  const keypad = el("div", "", {class: "softphone-keypad", role: "group", "aria-label": "Keypad digits", hidden: ""});
  DIGITS.forEach((digit) => keypad.append(Object.assign(button(digit), {value: digit})));
  const mic = el("select", "", {"aria-label": "Microphone"});
  const speaker = el("select", "", {"aria-label": "Speaker"});
  const choices = el("div", "", {class: "softphone-devices"});
  choices.append(labelled("Microphone", mic), labelled("Speaker", speaker));
  const controls = el("div", "", {class: "softphone-buttons"});
  controls.append(muteButton, keypadButton, hangUpButton);
  inCall.append(who, warning, controls, keypad, choices);
  region.append(ringing, inCall);

  function labelled(text, select) {
    const label = el("label", text);
    label.append(select);
    return label;
  }

  let current = null;
  let startedAt = null;
  let timed = null;  // the call the timer runs for
  let ticking = null;
  let lastEnded = "";

  // ---- status -------------------------------------------------------------------------
  function say(text, error = false) {
    status.textContent = text;
    region.classList.toggle("softphone-error", error);
  }

  function showState(state) {
    if (current) return;  // the call's own words win while there is one
    if (state.problem) say(state.problem, true);
    else if (state.starting) say("Softphone connecting...");
    else if (state.registered) say(lastEnded || "Softphone ready: calls to the desk ring here.");
    else if (phone.device) say("Softphone not connected: it keeps trying.", true);
    else say(state.known && state.callVia === "phone" ? "Calls ring your phone." : "");
  }

  // ---- who is on the line -------------------------------------------------------------
  // The desk's TwiML names the caller's call (<Parameter name="desk_call_sid">); without it the
  // ringing leg's own sid finds it once the desk has heard of that leg, so a 404 is asked again
  // a few times while the call rings.
  async function whoIsCalling(call) {
    const custom = call.customParameters && call.customParameters.get("desk_call_sid");
    const sid = custom || (call.parameters && call.parameters.CallSid);
    const from = (call.parameters && call.parameters.From) || "";
    for (let tries = 0; sid && tries < 6 && current === call; tries += 1) {
      try {
        const answer = await window.deskFetch(`/api/v1/calls/ringing/${encodeURIComponent(sid)}`);
        if (answer.ok) {
          const found = await answer.json();
          return {id: found.account_id, name: found.customer, number: found.number || from};
        }
        if (answer.status !== 404) break;
      } catch (err) {
        break;
      }
      await new Promise((done) => { setTimeout(done, 500); });
    }
    return {id: null, name: null, number: from};
  }

  function person(account, into) {
    into.replaceChildren();
    if (account && account.id) {
      into.append(el("a", account.name || "The customer", {href: `/accounts/${account.id}`, class: "softphone-account"}));
    } else {
      into.append(el("span", "Unknown caller", {class: "softphone-unknown"}));
    }
    if (account && account.number) into.append(" ", el("span", account.number, {class: "softphone-number"}));
    if (window.htmx) window.htmx.process(into);  // the link is a boosted navigation under the shell
  }

  // ---- ringing ------------------------------------------------------------------------
  phone.events.addEventListener("incoming", async ({detail}) => {
    const call = detail.call;
    current = call;
    lastEnded = "";
    say("Incoming call...");
    person(null, caller);
    ringing.hidden = false;
    const account = await whoIsCalling(call);
    call.deskAccount = account;
    if (current !== call) return;
    if (call.status() !== "pending") {  // answered before the desk said who it is
      if (call.status() === "open") connected(call);
      const link = who.querySelector("a.softphone-account");
      if (link && call.deskOpenWhenNamed) openAccount(link);
      return;
    }
    person(account, caller);
    say(`Incoming call from ${account.name || "an unknown caller"}${account.number ? ` (${account.number})` : ""}.`);
  });

  answerButton.addEventListener("click", () => {
    if (!current) return;
    current.accept();
    ringing.hidden = true;
    const link = caller.querySelector("a.softphone-account");
    if (link) openAccount(link);
    else current.deskOpenWhenNamed = true;  // the account opens once the desk says whose call it is
  });

  // The account opens as a console page swap (shell.js), which keeps the call; a full page load
  // would drop it, so without the shell the link is only offered in the call panel.
  function openAccount(link) {
    if (window.htmx && window.deskGo) window.deskGo(link.getAttribute("href"));
  }

  declineButton.addEventListener("click", () => {
    if (current) current.reject();  // the desk rings the next collector, then the voicemail
  });

  // ---- in call ------------------------------------------------------------------------
  phone.events.addEventListener("call", ({detail}) => {
    const call = detail.call;
    current = call;
    lastEnded = "";
    muteButton.textContent = "Mute";
    warning.hidden = true;
    call.on("accept", () => connected(call));
    call.on("mute", (muted) => { muteButton.textContent = muted ? "Unmute" : "Mute"; });
    call.on("warning", (name) => { warning.textContent = words.warning(name); warning.hidden = false; });
    call.on("warning-cleared", () => { warning.hidden = true; });
    if (detail.direction === "outbound") {
      person(call.deskAccount, who);
      say(`Calling ${(call.deskAccount && call.deskAccount.name) || "the customer"}...`);
      inCall.hidden = false;
      fillDevices();
    }
  });

  function connected(call) {
    if (current !== call) return;
    ringing.hidden = true;
    inCall.hidden = false;
    person(call.deskAccount, who);
    who.append(" ", timer);
    if (timed !== call) {  // the call's name may arrive after it was answered: one timer per call
      timed = call;
      startedAt = Date.now();
      clearInterval(ticking);
      ticking = setInterval(tick, 1000);
    }
    tick();
    say(`On a call with ${(call.deskAccount && call.deskAccount.name) || "the caller"}.`);
    fillDevices();
  }

  function tick() {
    const seconds = Math.floor((Date.now() - startedAt) / 1000);
    timer.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  }

  phone.events.addEventListener("ended", ({detail}) => {
    if (current !== detail.call) return;
    current = null;
    clearInterval(ticking);
    ringing.hidden = true;
    inCall.hidden = true;
    keypad.hidden = true;
    keypadButton.setAttribute("aria-expanded", "false");
    lastEnded = "Call ended. Softphone ready: calls to the desk ring here.";
    showState(phone.status());
  });

  muteButton.addEventListener("click", () => {
    if (current) current.mute(!current.isMuted());
  });
  keypadButton.addEventListener("click", () => {
    keypad.hidden = !keypad.hidden;
    keypadButton.setAttribute("aria-expanded", String(!keypad.hidden));
  });
  keypad.addEventListener("click", (event) => {
    const digit = event.target.closest("button");
    if (digit && current) current.sendDigits(digit.value);
  });
  hangUpButton.addEventListener("click", () => {
    if (current) current.disconnect();
  });

  // ---- microphone and speaker ---------------------------------------------------------
  function options(select, devices, chosen) {
    select.replaceChildren(...Array.from(devices.values(), (info) => el("option", info.label || "Default", {value: info.deviceId})));
    if (chosen) select.value = chosen;
  }

  function fillDevices() {
    const audio = phone.device && phone.device.audio;
    if (!audio) return;
    options(mic, audio.availableInputDevices, audio.inputDevice && audio.inputDevice.deviceId);
    const speakers = Array.from(audio.speakerDevices.get());
    options(speaker, audio.availableOutputDevices, speakers[0] && speakers[0].deviceId);
    speaker.disabled = !audio.isOutputSelectionSupported;
  }

  mic.addEventListener("change", () => {
    phone.device.audio.setInputDevice(mic.value).catch((err) => say(words.error(err), true));
  });
  speaker.addEventListener("change", () => {
    phone.device.audio.speakerDevices.set(speaker.value).catch((err) => say(words.error(err), true));
  });

  phone.events.addEventListener("state", ({detail}) => showState(detail));
  showState(phone.status());
})();
