// The account page's activity filters (All, Calls, SMS...) switch in place: the filtered page is
// fetched and only its timeline replaces this one, so the scroll position stays; the address
// follows (history.replaceState) so a reload or a copied link shows the same filter. Without
// this script the filters are plain links.
(() => {
  "use strict";
  const section = document.getElementById("activities");
  if (!section) return;

  async function show(link) {
    const response = await fetch(link.href, {headers: {Accept: "text/html"}, credentials: "same-origin"});
    if (!response.ok) { window.location.assign(link.href); return; }
    const fetched = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("activities");
    if (!fetched) { window.location.assign(link.href); return; }
    section.querySelector(".timeline").replaceWith(fetched.querySelector(".timeline"));
    const older = section.querySelector("a.older");
    if (older) older.remove();
    const newer = fetched.querySelector("a.older");
    if (newer) section.querySelector(".timeline").after(newer);
    section.querySelectorAll(".filters a").forEach((other) => {
      const on = other === link;
      other.classList.toggle("active", on);
      other.setAttribute("aria-pressed", on ? "true" : "false");
    });
    history.replaceState(history.state, "", link.href);
  }

  section.querySelectorAll(".filters a").forEach((link) => {
    link.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;  // a new tab
      event.preventDefault();
      show(link).catch(() => window.location.assign(link.href));
    });
    link.addEventListener("keydown", (event) => {  // a button also answers the space bar
      if (event.key === " ") { event.preventDefault(); link.click(); }
    });
  });
})();
