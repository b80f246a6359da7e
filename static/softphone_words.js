// What the softphone says when something goes wrong: the Voice SDK's error codes and call-quality
// warnings in words a collector understands, each with what to do. The code stays at the end, in
// brackets, for whoever the collector asks for help.
(() => {
  "use strict";
  if (window.deskSoftphoneWords) return;

  const MICROPHONE = "The browser cannot use your microphone. Allow the microphone for this site "
    + "(the icon left of the address), check a headset is plugged in, then try again; or call from your phone.";
  const TOKEN = "Your softphone sign-in ran out. Reload the page; if it keeps happening, ask an admin "
    + "to check the desk's Twilio settings.";
  const NETWORK = "The softphone lost its connection to the phone service. Check your network; "
    + "the softphone reconnects by itself when the network is back.";
  const ERRORS = {
    31201: MICROPHONE, 31208: MICROPHONE, 31401: MICROPHONE, 31402: MICROPHONE,
    31202: TOKEN, 31204: TOKEN, 31205: TOKEN, 20101: TOKEN, 20104: TOKEN, 31207: TOKEN,
    31005: NETWORK, 31009: NETWORK, 53000: NETWORK, 53001: NETWORK, 53405: NETWORK, 31003: NETWORK,
    31002: "The call was declined.",
    31486: "The line is busy. Try again later.",
    31480: "Nobody could take the call right now. Try again later.",
  };
  const UNKNOWN = "The softphone hit a problem. Reload the page; if it keeps happening, call from your phone.";

  const WARNINGS = {
    "high-rtt": "Poor network: the line is slow, the customer may hear you late.",
    "low-mos": "Poor call quality: the customer may hear you badly.",
    "high-jitter": "Poor network: the sound may break up.",
    "high-packet-loss": "Poor network: the sound may break up.",
    "high-packets-lost-fraction": "Poor network: the sound may break up.",
    "ice-connectivity-lost": "The call's connection dropped; the softphone is trying to get it back.",
    "constant-audio-input-level": "Your microphone sends no sound: check it is not muted or unplugged.",
    "constant-audio-output-level": "No sound comes from the customer's side.",
  };

  window.deskSoftphoneWords = {
    /** A sentence for an SDK error (or anything with a `code`), never a bare code. With the
     * desk's built-in simulator (`simulatorHost`), a lost connection is most often its
     * certificate not yet accepted by this browser: the sentence says how. */
    error(err, simulatorHost) {
      const code = err && Number(err.code);
      let words = ERRORS[code] || UNKNOWN;
      if (simulatorHost && words === NETWORK) {
        words = `The softphone cannot reach the desk's built-in phone simulator. Open https://${simulatorHost}/ `
          + "once in this browser and accept its certificate, then reload this page.";
      }
      return code ? `${words} (error ${code})` : words;
    },
    /** A sentence for a call-quality warning the SDK raised (`warning` event). */
    warning(name) {
      return WARNINGS[name] || "Poor call quality: the customer may hear you badly.";
    },
    isToken: (err) => Boolean(err) && ERRORS[Number(err.code)] === TOKEN,
    isNetwork: (err) => Boolean(err) && ERRORS[Number(err.code)] === NETWORK,
    MICROPHONE,
    NO_MICROPHONE: "No microphone was found. Plug in a headset and try again, or call from your phone.",
    NOT_READY: "The softphone is not connected yet, so the browser cannot call now.",
  };
})();
