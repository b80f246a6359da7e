// The work queue: "Work my queue" and "Next account" ask the desk for the next account to work
// and open it; "Skip" passes over this one with a reason, then opens the next. When nothing can
// be worked now, the message says when the next account can be.
// A page script (the worklist and account pages) that listens on document: its listeners are
// added once however often its pages arrive.
(() => {
  if (window.deskQueue) {
    window.deskQueue.afterWorked();
    return;
  }
  const message = (text) => {
    document.querySelectorAll(".queue-message").forEach((box) => { box.textContent = text; });
  };
  const current = () => {
    const bar = document.querySelector(".queue-bar");
    return bar ? Number(bar.dataset.account) : null;
  };

  async function next() {
    const answer = await window.deskFetch("/api/v1/queue/next", {
      method: "POST", headers: {"Content-Type": "application/json"}, body: "{}"});
    if (answer.status === 204) {
      const when = answer.headers.get("X-Next-Workable-At");
      message(when ? `Your queue is empty for now. The next account can be worked at ${window.deskTime(when, {weekday: "short", hour: "numeric", minute: "2-digit"})}.`
                   : "Your queue is empty: no account of yours can be worked now.");
      return;
    }
    const payload = await answer.json();
    if (!answer.ok) { message(payload.error ? payload.error.message : "The queue did not answer."); return; }
    if (payload.account.id === current()) {
      message("This account is still yours: log what you did, or skip it, to move on.");
      return;
    }
    window.deskGo(`/accounts/${payload.account.id}?queue=1`);
  }

  async function skip(form) {
    const error = form.querySelector(".form-error");
    const reason = form.elements.namedItem("reason").value;
    const answer = await window.deskFetch("/api/v1/queue/skip", {
      method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({account_id: Number(form.dataset.account), reason})});
    if (answer.status !== 204) {
      const payload = await answer.json();
      const fields = (payload.error && payload.error.fields) || {};
      error.textContent = fields.reason ? `Reason: ${[].concat(fields.reason).join(" ")}` : payload.error.message;
      error.hidden = false;
      return;
    }
    form.closest("dialog").close();
    await next();
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-queue-next]")) next();
  });
  document.addEventListener("submit", (event) => {
    const form = event.target.closest(".queue-skip-form");
    if (!form) return;
    event.preventDefault();
    skip(form);
  });
  // Back from saving the Add Activity window on a queue account (?worked=1): the mark is taken
  // off the address (so going back to it does not move on again), and a collector with auto_next
  // on gets the next account at once. Runs on every arrival of a page.
  function afterWorked() {
    const url = new URL(window.location.href);
    if (url.searchParams.get("worked") !== "1") return;
    url.searchParams.delete("worked");
    window.history.replaceState(window.history.state, "", url);
    const bar = document.querySelector(".queue-bar");
    if (bar && bar.dataset.autoNext === "1") next();
  }

  window.deskQueue = {afterWorked};
  afterWorked();
})();
