// The Add Promise to Pay window: one payment, or an installment plan whose rows are added by
// hand or filled from "$100 every week, 3 times". Either is sent to the JSON API; a refusal
// keeps the window open with what was typed and the reasons (see deskForms in desk.js).
(() => {
  "use strict";
  const dialog = document.getElementById("add-promise");
  if (!dialog) return;
  const form = dialog.querySelector("form");
  const rows = form.querySelector(".installments tbody");
  const rowTemplate = document.getElementById("installment-row");
  const total = form.querySelector(".plan-total");
  const forms = window.deskForms;
  form.querySelectorAll("[data-needs-js]").forEach((el) => { el.hidden = false; });

  // Cents from "1,250.50" or "$100" (null when it is not an amount).
  const cents = (text) => {
    const clean = String(text).trim().replace(/^\$/, "").replace(/,/g, "");
    return /^\d+(\.\d{1,2})?$/.test(clean) ? Math.round(parseFloat(clean) * 100) : null;
  };
  const iso = (year, monthIndex, dayOfMonth) => new Date(Date.UTC(year, monthIndex, dayOfMonth)).toISOString().slice(0, 10);
  // The due date `count` periods after `first` (months keep the day, held to the month's end).
  const step = (first, every, count) => {
    const [y, m, d] = first.split("-").map(Number);
    if (every === "week") return iso(y, m - 1, d + 7 * count);
    if (every === "2weeks") return iso(y, m - 1, d + 14 * count);
    const index = y * 12 + (m - 1) + count;
    const year = Math.floor(index / 12);
    const month = index % 12;
    const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return iso(year, month, Math.min(d, last));
  };

  const kind = () => form.querySelector("input[name=kind]:checked").value;
  const installmentRows = () => Array.from(rows.rows);

  function renumber() {
    installmentRows().forEach((row, index) => {
      const n = index + 1;
      row.querySelector(".number").textContent = n;
      const amount = row.querySelector("[name=installment_amount]");
      const due = row.querySelector("[name=installment_due_on]");
      amount.setAttribute("aria-label", `Installment ${n} amount`);
      amount.dataset.field = `installments.${index}.amount`;
      due.setAttribute("aria-label", `Installment ${n} due date`);
      due.dataset.field = `installments.${index}.due_on`;
      row.querySelector("[data-remove]").setAttribute("aria-label", `Remove installment ${n}`);
    });
    showTotal();
  }

  function showTotal() {
    const amounts = installmentRows().map((row) => cents(row.querySelector("[name=installment_amount]").value));
    const sum = amounts.reduce((acc, c) => acc + (c || 0), 0);
    const unreadable = amounts.some((c) => c === null);
    total.textContent = `Plan total: ${forms.money(sum / 100)}` + (unreadable ? " (some amounts are not filled in)" : "");
  }

  function addRow(amount = "", dueOn = "") {
    const row = rowTemplate.content.firstElementChild.cloneNode(true);
    row.querySelector("[name=installment_amount]").value = amount;
    row.querySelector("[name=installment_due_on]").value = dueOn;
    rows.appendChild(row);
    renumber();
    return row;
  }

  function showKind() {
    form.querySelectorAll("[data-kind]").forEach((part) => {
      const on = part.dataset.kind === kind();
      part.hidden = !on;
      part.querySelectorAll("input, select, textarea, button").forEach((el) => { el.disabled = !on; });
    });
    if (kind() === "plan" && !rows.rows.length) addRow();
  }

  function fill() {
    const amount = form.elements.repeat_amount.value.trim();
    const first = form.elements.repeat_first.value;
    const count = Number(form.elements.repeat_count.value);
    const fields = {};
    if (cents(amount) === null || cents(amount) <= 0) fields.repeat_amount = ["Enter an amount, like 100.00."];
    if (!first) fields.repeat_first = ["Pick the first date."];
    if (!Number.isInteger(count) || count < 1 || count > 52) fields.repeat_count = ["From 1 to 52."];
    if (Object.keys(fields).length) {
      forms.showError(form, {error: {message: "Fill in the amount, the first date and how many.", fields}});
      return;
    }
    forms.clear(form);
    rows.replaceChildren();
    for (let i = 0; i < count; i += 1) addRow(amount, step(first, form.elements.repeat_every.value, i));
  }

  form.addEventListener("change", (event) => { if (event.target.name === "kind") showKind(); });
  form.addEventListener("input", (event) => { if (event.target.name === "installment_amount") showTotal(); });
  form.addEventListener("click", (event) => {
    if (event.target.closest("[data-add]")) addRow().querySelector("input").focus();
    if (event.target.closest("[data-fill]")) fill();
    const remove = event.target.closest("[data-remove]");
    if (remove) {
      remove.closest("tr").remove();
      renumber();
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const assigned = form.elements.assigned_to.value;
    const notes = form.elements.notes.value.trim();
    const common = {assigned_to: assigned ? Number(assigned) : null, notes: notes || null};
    const activity = form.elements.activity_id.value;
    if (activity) common.activity_id = Number(activity);
    if (kind() === "plan") {
      const installments = installmentRows().map((row) => ({
        amount: row.querySelector("[name=installment_amount]").value.trim(),
        due_on: row.querySelector("[name=installment_due_on]").value}));
      const made = await forms.send(form, form.dataset.apiUrl, "POST", {installments, ...common});
      if (!made) return;
      const sum = made.items.reduce((acc, p) => acc + cents(p.amount), 0);
      forms.done(`Plan of ${made.items.length} installments, ${forms.money(sum / 100)} in all, saved.`, form.dataset.doneUrl);
    } else {
      const data = {amount: form.elements.amount.value.trim(), due_on: form.elements.due_on.value, ...common};
      const made = await forms.send(form, form.dataset.apiUrl, "POST", data);
      if (!made) return;
      forms.done(`Promise to pay ${forms.money(made.amount)} by ${forms.day(made.due_on)} saved.`, form.dataset.doneUrl);
    }
  });

  showKind();
})();
