// An import's page: poll the import's status JSON until it is done or failed.
(() => {
  const box = document.getElementById("import-status");
  const field = (name) => box.querySelector(`[data-field="${name}"]`);
  const cell = (text) => { const td = document.createElement("td"); td.textContent = text ?? ""; return td; };
  const show = (run) => {
    for (const name of ["status", "processed", "total", "created", "updated", "unchanged", "failed"]) {
      field(name).textContent = run[name];
    }
    field("message").textContent = run.message || "";
    field("bar").max = run.total || 1;
    field("bar").value = run.processed;
    field("retry").hidden = !run.retryable;
    const body = document.querySelector("#import-errors tbody");
    if (run.errors.length) {
      body.replaceChildren(...run.errors.map((e) => {
        const tr = document.createElement("tr");
        tr.append(cell(e.line), cell(e.column), cell(e.message), cell(e.value));
        return tr;
      }));
    }
  };
  const poll = async () => {
    const response = await deskFetch(box.dataset.url);
    if (!response.ok) return;
    const run = await response.json();
    show(run);
    if (run.status !== "done" && run.status !== "failed" && box.isConnected) setTimeout(poll, 1000);
  };
  if (!["done", "failed"].includes(field("status").textContent)) poll();
})();
