// On a narrow screen the top navigation folds behind a Menu button (see desk.css); the button
// says whether it is open (aria-expanded), and the bar shows the links while it is.
// The header comes with every page (see shell.js): the button is bound on each.
window.deskPage(() => {
  const button = document.querySelector(".topbar .menu-toggle");
  if (!button) return;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    button.closest(".topbar").classList.toggle("menu-open", open);
  });
});
