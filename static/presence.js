// Presence: tells the desk this console is open (a heartbeat at load and every 30 s; without one
// for 90 s the collector is offline), and sets Available/Away from the header's "Presence" select.
// Runs once per page life, even when a navigation that swaps the page's content runs this script
// again; the header's elements are looked up on each use, so a swapped header still works.
(() => {
  if (window.deskPresence) return;
  const BEAT_MS = 30000;
  const WORDS = {busy: "Busy (on a call)", offline: "Offline"};
  const state = () => document.getElementById("presence-state");
  const show = (text) => { if (state()) state().textContent = text; };

  const beat = () => window.deskFetch("/api/v1/me/heartbeat", {method: "POST"})
    .then((answer) => (answer.ok ? answer.json() : {presence: "offline"}))
    .then((body) => show(WORDS[body.presence] || ""))
    .catch(() => show(`${WORDS.offline}: the desk cannot be reached.`));

  const choose = (select) => window.deskFetch("/api/v1/me", {
    method: "PATCH", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({presence: select.value}),
  }).then((answer) => answer.json().then((body) => {
    if (answer.ok) {
      show(WORDS[body.presence] || "");
      select.dataset.saved = select.value;
    } else {
      const why = (body.error && body.error.fields && body.error.fields.presence) || [body.error && body.error.message];
      show(`Not changed: ${why.join(" ")}`);
      const first = Array.from(select.options).find((option) => option.defaultSelected);
      select.value = select.dataset.saved || (first ? first.value : "available");
    }
  })).catch(() => show("Not changed: the desk cannot be reached."));

  document.addEventListener("change", (event) => {
    if (event.target.matches("#presence select[name=presence]")) choose(event.target);
  });
  // The select changes presence by itself: its form's button is for pages without this script.
  document.documentElement.classList.add("presence-live");
  window.deskPresence = {beat};
  beat();
  setInterval(beat, BEAT_MS);
})();
