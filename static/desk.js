// Quick-action windows: a button with data-open="id" opens <dialog id>; data-close closes it.
document.addEventListener("click", (event) => {
  const opener = event.target.closest("[data-open]");
  if (opener) {
    const dialog = document.getElementById(opener.dataset.open);
    if (dialog) dialog.showModal();
  }
  const closer = event.target.closest("[data-close]");
  if (closer) closer.closest("dialog").close();
});

// Session-authenticated API calls from the page carry the CSRF token.
window.deskFetch = (url, options = {}) => {
  const token = document.querySelector('meta[name="csrf-token"]').content;
  options.headers = Object.assign({"X-CSRFToken": token, "Accept": "application/json"}, options.headers || {});
  options.credentials = "same-origin";
  return fetch(url, options);
};
