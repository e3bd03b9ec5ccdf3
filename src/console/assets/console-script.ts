/**
 * The console's own script, served from Roster (the Content-Security-Policy allows no inline
 * script): copy buttons (shown only when it runs), a confirmation before destructive forms, and
 * a file picker that loads an export into the import form's text field (shown only when it runs).
 * Pages work without it; it only adds comfort.
 */
export const CONSOLE_SCRIPT = `"use strict";
(function () {
  function copyText(button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) return;
    var text = "value" in target ? target.value : target.textContent;
    function done(ok) {
      var label = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", label);
      button.textContent = ok ? "Copied" : "Select and copy";
      setTimeout(function () { button.textContent = label; }, 2000);
    }
    function fallback() {
      if (typeof target.select === "function") {
        target.select();
        try { done(document.execCommand("copy")); } catch (e) { done(false); }
      } else { done(false); }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else { fallback(); }
  }
  function ready() {
    var buttons = document.querySelectorAll("[data-copy], [data-file-field]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    var target = input.getAttribute && document.getElementById(input.getAttribute("data-fills"));
    if (!target || !input.files || input.files.length === 0) return;
    input.files[0].text().then(function (text) { target.value = text; });
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (button) { event.preventDefault(); copyText(button); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
  document.addEventListener("htmx:afterSettle", ready);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
`;
