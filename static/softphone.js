// The softphone: one Twilio.Device per page life, made at load when the collector calls by
// browser (GET /api/v1/me's call_via), registered so calls to the desk ring here. It renews its
// token before it runs out, re-registers after the network drops, and tells the panel
// (softphone_panel.js) and the Phone Call window (calls.js) what happens through events on
// window.deskSoftphone.events: state, incoming, call, ended, problem.
// Page swaps re-run this file: the first run's softphone stays (see the guard below).
(() => {
  "use strict";
  if (window.deskSoftphone) return;

  const words = window.deskSoftphoneWords;
  const script = document.currentScript;
  const SOUNDS = ["incoming", "outgoing", "disconnect", "dtmf0", "dtmf1", "dtmf2", "dtmf3", "dtmf4",
                  "dtmf5", "dtmf6", "dtmf7", "dtmf8", "dtmf9", "dtmfs", "dtmfh"];
  const MAX_WAIT = 60000;  // the longest pause between two tries to register again
  const FRESH_MS = 12000;  // the SDK warns 10 s before the end; a token with more left is new
  const events = new EventTarget();
  const emit = (name, detail) => events.dispatchEvent(new CustomEvent(name, {detail}));
  let device = null;
  let starting = null;
  let call = null;
  let callVia = "phone";
  let known = false;  // call_via read from the desk
  let problem = "";
  let retryWait = 1000;
  let retryTimer = null;
  let renewing = null;  // the token renewal under way
  let tokenEnds = 0;  // when the token in use runs out (ms, this browser's clock)
  let stopping = false;
  let quiet = false;  // unregistering on purpose: no retry
  let simulatorHost = null;  // the built-in simulator's signalling host, when the desk uses it
  let everRegistered = false;  // a first connection that fails may be an unaccepted certificate

  // Every tone the SDK plays is ours (desk.sounds), so nothing is fetched from Twilio's CDN.
  function sounds() {
    const base = (script && script.dataset.sounds) || "/static/vendor/sounds/";
    return Object.fromEntries(SOUNDS.map((name) => [name, `${base}${name}.wav`]));
  }

  function setProblem(text) {
    problem = text || "";
    emit("state", status());
  }

  function status() {
    return {callVia, known, problem, registered: Boolean(device && device.state === "registered"),
            starting: Boolean(starting), inCall: Boolean(call)};
  }

  async function fetchToken() {
    const answer = await window.deskFetch("/api/v1/voice-token");
    const data = await answer.json().catch(() => ({}));
    if (!answer.ok) throw new Error((data.error && data.error.message) || `The desk answered ${answer.status}.`);
    tokenEnds = Date.now() + data.ttl * 1000;
    return data;
  }

  async function readCallVia() {
    try {
      const answer = await window.deskFetch("/api/v1/me");
      const me = answer.ok ? await answer.json() : {};
      return me.call_via === "browser" ? "browser" : "phone";  // not set (yet): the phone
    } catch (err) {
      return "phone";
    }
  }

  // ---- the Device ---------------------------------------------------------------------
  async function makeDevice() {
    if (!window.Twilio || !window.Twilio.Device) throw new Error("The softphone library did not load. Reload the page.");
    const data = await fetchToken();
    simulatorHost = ((data.device_options || {}).chunderw || [])[0] || null;
    const made = new window.Twilio.Device(data.token, {
      sounds: sounds(), codecPreferences: ["opus", "pcmu"], ...(data.device_options || {})});
    made.on("registered", () => { everRegistered = true; retryWait = 1000; setProblem(""); });
    made.on("unregistered", () => { emit("state", status()); if (!stopping && !quiet) retryLater(); });
    made.on("error", onError);
    made.on("incoming", onIncoming);
    made.on("tokenWillExpire", () => renewToken());
    return made;
  }

  /** The registered Device, made on first use; throws with words when it cannot be. */
  function ready() {
    if (device && device.state === "registered") return Promise.resolve(device);
    if (!starting) {
      starting = (async () => {
        emit("state", status());
        if (!device) device = await makeDevice();
        await registered(device);
        setProblem("");
        return device;
      })().catch((err) => {
        setProblem(err.code ? words.error(err, everRegistered ? null : simulatorHost) : err.message);
        retryLater();
        throw err;
      }).finally(() => { starting = null; emit("state", status()); });
    }
    return starting;
  }

  function registered(made) {
    if (made.state === "registered") return Promise.resolve();
    if (made.state === "registering") {
      return new Promise((resolve, reject) => { made.once("registered", resolve); made.once("error", reject); });
    }
    return made.register();
  }

  // After the phone service refused the token: a new one, then registering again proves it took.
  async function recoverToken() {
    await renewToken(true);
    quiet = true;
    try {
      if (device.state === "registered") await device.unregister();
    } finally {
      quiet = false;
    }
    await ready();
  }

  // The SDK may warn more than once for one token (each `connected` from the service starts a
  // timer of its own): one renewal at a time, and none while the token in use is still fresh
  // (unless `refused`: the service turned the token down).
  function renewToken(refused = false) {
    if (!renewing && (refused || tokenEnds - Date.now() < FRESH_MS)) {
      renewing = fetchToken().then((data) => device.updateToken(data.token)).catch((err) => {
        setProblem(`${err.message} The softphone tries again in a moment.`);
        retryLater();
      }).finally(() => { renewing = null; });
    }
    return renewing || Promise.resolve();
  }

  function onError(err) {
    setProblem(words.error(err, everRegistered ? null : simulatorHost));
    if (words.isToken(err)) recoverToken().catch(() => {});
    else if (words.isNetwork(err)) retryLater();
  }

  // The SDK reconnects its signalling by itself; this makes sure it registers again after, with
  // a pause that doubles up to a minute while it fails.
  function retryLater() {
    if (retryTimer || callVia !== "browser") return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (device && device.state === "registered") return;
      ready().catch(() => {});
    }, retryWait);
    retryWait = Math.min(retryWait * 2, MAX_WAIT);
  }

  window.addEventListener("online", () => {
    if (callVia === "browser" && !(device && device.state === "registered")) {
      retryWait = 1000;
      ready().catch(() => {});
    }
  });

  // ---- calls --------------------------------------------------------------------------
  function follow(newCall, direction) {
    call = newCall;
    const finish = () => {
      if (call !== newCall) return;
      call = null;
      emit("ended", {call: newCall, direction});
      emit("state", status());
    };
    newCall.on("disconnect", finish);
    newCall.on("cancel", finish);
    newCall.on("reject", finish);
    newCall.on("error", (err) => setProblem(words.error(err)));
    emit("call", {call: newCall, direction});
    emit("state", status());
  }

  // A full page load (reload, a link outside the console shell, closing the tab) would end the
  // call: while one is under way the browser asks first.
  window.addEventListener("beforeunload", (event) => {
    if (call && call.status() !== "pending" && call.status() !== "closed") {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function onIncoming(incoming) {
    follow(incoming, "inbound");
    emit("incoming", {call: incoming});
  }

  /** Place the desk's call `callId` (POST .../calls with via=browser made it) through the Device. */
  async function place(callId, account) {
    const ok = await ready();
    const placed = await ok.connect({params: {call_id: String(callId)}});
    placed.deskAccount = account || null;
    follow(placed, "outbound");
    return placed;
  }

  // ---- the microphone, checked before a call is placed -------------------------------------
  async function microphone() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return {ok: false, why: words.NO_MICROPHONE};
    try {
      const asked = navigator.permissions && await navigator.permissions.query({name: "microphone"});
      if (asked && asked.state === "denied") return {ok: false, why: words.MICROPHONE};
    } catch (err) { /* this browser cannot say: the probe below finds out */ }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({audio: true});
      stream.getTracks().forEach((track) => track.stop());
      return {ok: true};
    } catch (err) {
      const missing = err && (err.name === "NotFoundError" || err.name === "OverconstrainedError");
      return {ok: false, why: missing ? words.NO_MICROPHONE : words.MICROPHONE};
    }
  }

  /** Whether the browser can call now: {ok} or {ok: false, why} in words. */
  async function canCall() {
    const mic = await microphone();
    if (!mic.ok) return mic;
    try {
      await ready();
      return {ok: true};
    } catch (err) {
      return {ok: false, why: `${words.NOT_READY} ${problem || ""}`.trim()};
    }
  }

  async function start() {
    callVia = await readCallVia();
    known = true;
    emit("state", status());
    if (callVia === "browser") ready().catch(() => {});
  }

  window.addEventListener("pagehide", () => { stopping = true; });

  window.deskSoftphone = {
    events, place, canCall, ready, status,
    get call() { return call; },
    get device() { return device; },
    get callVia() { return callVia; },
  };
  start();
})();
