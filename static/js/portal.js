/* The portal's only script (CSP: script-src 'self'; no inline code).
 *
 * Document previews load when asked: a preview is rendered as
 *   <details data-lazy-preview><summary>…</summary><iframe data-src="…"></iframe></details>
 * (templates/common/_document_preview.html) and gets its `src` only when the person opens the
 * details, so showing a page (or an htmx swap of it) fetches no document and writes no
 * "download" row to the personal-data access log. `toggle` does not bubble: listen in the
 * capture phase, which also covers details that htmx swaps in later.
 */
(function () {
  "use strict";
  document.addEventListener(
    "toggle",
    function (event) {
      var details = event.target;
      if (!(details instanceof HTMLDetailsElement) || !details.open) return;
      if (!details.hasAttribute("data-lazy-preview")) return;
      details.querySelectorAll("[data-src]").forEach(function (frame) {
        frame.setAttribute("src", frame.getAttribute("data-src"));
        frame.removeAttribute("data-src");
      });
    },
    true
  );
})();
