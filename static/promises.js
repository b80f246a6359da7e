// The Promise to Pay tab: Change and Cancel a pending promise, Reverse a payment (admins), and
// Record a payment, each through the JSON API. A refusal keeps the window or form as typed with
// the reasons (deskForms in desk.js); a success reloads the tab with a message.
(() => {
  "use strict";
  const forms = window.deskForms;
  const section = document.getElementById("promise-history");
  if (!section) return;

  // Open a window for the clicked row: its summary shown, its URL kept for the submit.
  const open = (id, button, fill) => {
    const dialog = document.getElementById(id);
    const form = dialog.querySelector("form");
    form.reset();
    forms.clear(form);
    window.deskOnce.forget(form);  // another row: another request
    form.querySelector("[type=submit]").disabled = false;
    form.dataset.url = button.dataset.url;
    dialog.querySelector(".what").textContent = button.dataset.what;
    if (fill) fill(form);
    dialog.showModal();
  };

  section.addEventListener("click", (event) => {
    const change = event.target.closest("[data-change-promise]");
    if (change) {
      open("change-promise", change, (form) => {
        const was = change.dataset;
        form.elements.amount.value = was.amount;
        form.elements.due_on.value = was.dueOn;
        form.elements.notes.value = was.notes;
        const select = form.elements.assigned_to;
        select.querySelectorAll("[data-former]").forEach((el) => el.remove());
        if (was.assignedTo && !select.querySelector(`option[value="${was.assignedTo}"]`)) {
          const former = new Option(was.assignedName || "(inactive user)", was.assignedTo);
          former.dataset.former = "";
          select.add(former);
        }
        select.value = was.assignedTo;
        form.was = {amount: was.amount, due_on: was.dueOn, assigned_to: was.assignedTo, notes: was.notes};
      });
    }
    const cancel = event.target.closest("[data-cancel-promise]");
    if (cancel) open("cancel-promise", cancel);
    const reverse = event.target.closest("[data-reverse-payment]");
    if (reverse) open("reverse-payment", reverse);
  });

  const changeForm = document.querySelector("#change-promise form");
  changeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = changeForm;
    const now = {amount: form.elements.amount.value.trim(), due_on: form.elements.due_on.value,
                 assigned_to: form.elements.assigned_to.value, notes: form.elements.notes.value.trim()};
    const data = {};  // only what changed: an unchanged due date is not checked again
    Object.entries(now).forEach(([key, value]) => { if (value !== form.was[key]) data[key] = value; });
    if ("assigned_to" in data) data.assigned_to = data.assigned_to ? Number(data.assigned_to) : null;
    if ("notes" in data) data.notes = data.notes || null;
    if (!Object.keys(data).length) { form.closest("dialog").close(); return; }
    if (await forms.send(form, form.dataset.url, "PATCH", data)) forms.done("Promise changed.", form.dataset.doneUrl);
  });

  const cancelForm = document.querySelector("#cancel-promise form");
  cancelForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    // Sent as typed: the desk trims it and says when nothing is left.
    const data = {status: "cancelled", cancel_reason: cancelForm.elements.cancel_reason.value};
    if (await forms.send(cancelForm, cancelForm.dataset.url, "PATCH", data)) {
      forms.done("Promise cancelled.", cancelForm.dataset.doneUrl);
    }
  });

  const reverseForm = document.querySelector("#reverse-payment form");
  if (reverseForm) {
    reverseForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const done = await forms.send(reverseForm, reverseForm.dataset.url, "POST",
                                    {reason: reverseForm.elements.reason.value});
      if (done) forms.done(`Payment of ${forms.money(done.amount)} reversed.`, reverseForm.dataset.doneUrl);
    });
  }

  const paymentForm = section.querySelector("form.record-payment");
  paymentForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = paymentForm.elements;
    const data = {amount: f.amount.value.trim()};
    if (f.paid_on.value) data.paid_on = f.paid_on.value;
    if (f.reference.value.trim()) data.reference = f.reference.value.trim();
    if (f.overpayment && f.overpayment.checked) data.overpayment = true;
    const paid = await forms.send(paymentForm, paymentForm.dataset.apiUrl, "POST", data);
    if (paid) forms.done(`Payment of ${forms.money(paid.amount)} recorded.`, paymentForm.dataset.doneUrl);
  });
})();
