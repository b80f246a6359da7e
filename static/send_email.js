// The Send Email window: show the template picker, or the subject and message, as chosen.
(() => {
  const form = document.querySelector("#send-email form");
  const show = () => {
    const mode = form.querySelector("input[name=mode]:checked").value;
    form.querySelectorAll("[data-mode]").forEach((el) => { el.style.display = el.dataset.mode === mode ? "" : "none"; });
  };
  form.addEventListener("change", show);
  show();
})();
