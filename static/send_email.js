// The Send Email window: show the template picker, or the subject and message, as chosen; and a
// preview of what the customer will get (or why it cannot be sent) as it is chosen or typed.
(() => {
  const form = document.querySelector("#send-email form");
  if (!form) return;
  const mode = () => form.querySelector("input[name=mode]:checked").value;
  const show = () => {
    form.querySelectorAll("[data-mode]").forEach((el) => { el.style.display = el.dataset.mode === mode() ? "" : "none"; });
  };

  const preview = document.getElementById("email-preview");
  const refusal = document.getElementById("email-refusal");
  const sendButton = form.querySelector("[type=submit]");
  // Which version of a template the customer gets ("Spanish version", "No Spanish version: sent in English").
  const version = document.getElementById("email-version");
  const showVersion = (note) => {
    version.textContent = note || "";
    version.hidden = !note;
  };
  const request = () => {
    if (mode() === "template") {
      const id = form.elements.template_id.value;
      return id ? {template_id: Number(id)} : null;
    }
    const typed = {subject: form.elements.subject.value, body: form.elements.body.value};
    return typed.subject.trim() || typed.body.trim() ? typed : null;
  };
  const reasons = (payload) => {
    const err = (payload && payload.error) || {message: "The email could not be previewed."};
    const fields = Object.values(err.fields || {}).flat();
    return fields.length ? fields.join(" ") : err.message;
  };
  const render = async () => {
    const data = request();
    if (!data) {
      showVersion(null);
      preview.hidden = refusal.hidden = true;
      sendButton.disabled = false;
      return;
    }
    const answer = await window.deskFetch(form.dataset.previewUrl, {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(data)});
    const payload = await answer.json().catch(() => null);
    refusal.hidden = answer.ok;
    sendButton.disabled = !answer.ok;
    preview.hidden = !answer.ok;
    showVersion(answer.ok ? payload.note : null);
    if (!answer.ok) {
      refusal.textContent = `Cannot send: ${reasons(payload)}`;
      return;
    }
    document.getElementById("email-preview-subject").textContent = payload.subject;
    document.getElementById("email-preview-text").textContent = payload.body;
  };
  let timer = null;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(render, 250);
  };

  form.addEventListener("change", (event) => {
    show();
    if (event.target.name !== "attachment_ids" && event.target.name !== "file") later();
  });
  form.addEventListener("input", (event) => {
    if (event.target.name === "subject" || event.target.name === "body") later();
  });
  form.closest("dialog").addEventListener("toggle", later);
  show();
})();
