// The SMS Activities section (refreshed when the page's live stream says the account changed,
// see live.js, so replies and delivery statuses appear at once) and the Send SMS window.
(() => {
  const section = document.getElementById("sms-activities");
  const form = document.getElementById("send-sms-form");
  if (!section) return;

  const thread = document.getElementById("sms-thread");
  const refresh = window.deskLive.follow("account:", async () => {
    const answer = await fetch(section.dataset.threadUrl, {credentials: "same-origin"});
    if (answer.ok && !answer.redirected) {  // a redirect means logged out: keep what is shown
      const html = await answer.text();
      const fresh = document.createElement("template");
      fresh.innerHTML = html;
      const version = (node) => node.querySelector(".sms-thread")?.dataset.version;
      if (version(fresh.content) !== version(thread)) thread.innerHTML = html;
    }
  });

  if (!form) return;
  const body = form.elements.body;
  const count = document.getElementById("sms-count");
  const files = document.getElementById("sms-files");
  const postJson = (url, data) => deskFetch(url, {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(data)});
  // A refusal: the message on top (with when the rule lifts), each field's reason beside its field
  // (deskForms in desk.js); what was typed stays. `rule` and `next_allowed_at` name no field.
  const showError = (payload) => {
    const err = (payload && payload.error) || {message: "Something went wrong."};
    const fields = {...(err.fields || {})};
    const message = window.deskRefusalWords(err);
    delete fields.rule;
    delete fields.next_allowed_at;
    window.deskForms.showError(form, {error: {...err, message, fields}});
  };

  const showCount = (info) => {
    count.textContent = `${info.segments} segment${info.segments === 1 ? "" : "s"} · ${info.encoding} · ${info.characters} characters`;
  };

  // The preview: the text the customer will get, or why it cannot be sent (a merge field with no
  // value on this account, a template the desk cannot read); Send waits until the text can go.
  const preview = document.getElementById("sms-preview");
  const previewText = document.getElementById("sms-preview-text");
  const refusal = document.getElementById("sms-refusal");
  // Which version of a template the customer gets ("Spanish version", "No Spanish version: sent in English").
  const version = document.getElementById("sms-version");
  const showVersion = (note) => {
    version.textContent = note || "";
    version.hidden = !note;
  };
  const sendButton = form.querySelector("[type=submit]");
  const reasons = (payload) => {
    const err = (payload && payload.error) || {message: "The text could not be previewed."};
    const fields = Object.values(err.fields || {}).flat();
    return fields.length ? fields.join(" ") : err.message;
  };
  const showPreview = async (data) => {
    const answer = await postJson(form.dataset.previewUrl, data);
    const payload = await answer.json().catch(() => null);
    refusal.hidden = answer.ok;
    sendButton.disabled = !answer.ok;
    if (!answer.ok) {
      refusal.textContent = `Cannot send: ${reasons(payload)}`;
      preview.hidden = true;
      showVersion(null);
      return null;
    }
    showCount(payload);
    showVersion(payload.note);
    previewText.textContent = payload.body;
    preview.hidden = !payload.body;
    return payload;
  };
  let timer = null;
  const recount = () => {
    clearTimeout(timer);
    timer = setTimeout(() => showPreview({body: body.value}), 250);
  };
  body.addEventListener("input", recount);

  form.elements.template_id.addEventListener("change", async (event) => {
    clearTimeout(timer);
    if (!event.target.value) return showPreview({body: body.value});
    const payload = await showPreview({template_id: Number(event.target.value)});
    if (payload) body.value = payload.body;
  });

  form.elements.upload.addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const data = new FormData();
    data.append("file", file);
    const answer = await deskFetch(form.dataset.uploadUrl, {method: "POST", body: data});
    const payload = await answer.json();
    event.target.value = "";
    if (!answer.ok) return showError(payload);
    const label = document.createElement("label");
    label.className = "check";
    label.innerHTML = `<input type="checkbox" name="attachment_ids" value="${payload.id}" checked> `;
    label.append(payload.filename);
    files.append(label);
  });

  // Sent once: the button is off while the text is on its way, and a retry after a network error
  // carries the same Idempotency-Key (deskOnce in desk.js), so the customer gets one text.
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sendButton.disabled) return;
    sendButton.disabled = true;
    try {
      await send();
    } finally {
      sendButton.disabled = false;
    }
  });

  async function send() {
    window.deskForms.clear(form);
    const ids = [...form.querySelectorAll("input[name=attachment_ids]:checked")].map((box) => Number(box.value));
    let answer;
    try {
      answer = await deskFetch(form.dataset.sendUrl, {
        method: "POST", headers: {"Content-Type": "application/json", "Idempotency-Key": window.deskOnce.key(form)},
        body: JSON.stringify({body: body.value, to: form.elements.to.value, attachment_ids: ids})});
    } catch (err) {
      return showError({error: {message: "The desk could not be reached. Send again: the text goes out only once."}});
    }
    const payload = await answer.json().catch(() => null);
    window.deskOnce.answered(form, answer, payload);
    if (!answer.ok) return showError(payload);
    form.reset();
    count.textContent = "0 segments · GSM-7 · 0 characters";
    preview.hidden = true;
    showVersion(null);
    form.closest("dialog").close();
    refresh();
  }
})();
