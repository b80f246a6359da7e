// Keyboard shortcuts: a key press activates the visible element whose data-key names that key,
// unless the user is typing (inputs, textareas, selects, contenteditable) or holds a modifier.
// "?" opens a dialog listing the shortcuts on the page.
// Loaded once per page life (in <head>): the one keydown listener serves every page swapped in.
(function () {
  "use strict";
  if (window.deskShortcuts) return;
  window.deskShortcuts = true;

  function typing(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
  }

  function visible(element) {
    return element.getClientRects().length > 0 && !element.closest("[hidden], dialog:not([open])");
  }

  function shortcuts() {
    return Array.from(document.querySelectorAll("[data-key]")).filter(visible);
  }

  function accessibleName(element) {
    var label = element.getAttribute("aria-label");
    if (label) return label;
    var by = element.getAttribute("aria-labelledby");
    if (by && document.getElementById(by)) return document.getElementById(by).textContent.trim();
    return (element.textContent || element.getAttribute("title") || "").trim();
  }

  function helpDialog() {
    var dialog = document.getElementById("shortcut-help");
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.id = "shortcut-help";
      dialog.className = "window";
      dialog.setAttribute("aria-labelledby", "shortcut-help-title");
      document.body.appendChild(dialog);
    }
    dialog.textContent = "";
    var title = document.createElement("h2");
    title.id = "shortcut-help-title";
    title.textContent = "Keyboard shortcuts";
    var list = document.createElement("dl");
    list.className = "shortcut-list";
    shortcuts().forEach(function (element) {
      var key = document.createElement("dt");
      var kbd = document.createElement("kbd");
      kbd.textContent = element.dataset.key.toUpperCase();
      key.appendChild(kbd);
      var name = document.createElement("dd");
      name.textContent = accessibleName(element);
      list.appendChild(key);
      list.appendChild(name);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn";
    close.textContent = "Close";
    close.addEventListener("click", function () { dialog.close(); });
    dialog.append(title, list, close);
    return dialog;
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || document.querySelector("dialog[open]")) return;
    if (event.key === "?") {
      event.preventDefault();
      helpDialog().showModal();
      return;
    }
    if (event.shiftKey || !event.key || event.key.length !== 1) return;
    var wanted = event.key.toUpperCase();
    var match = shortcuts().find(function (element) {
      return element.dataset.key.toUpperCase() === wanted;
    });
    if (match) {
      event.preventDefault();
      match.click();
    }
  });
})();
