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

/* Amounts (common/widgets.py AmountInput): 억/만 buttons for a phone's number pad, and the
 * amount in words under the field. The words mirror common/money.py (parse_krw,
 * format_korean_amount); the server reads the typed text itself. */
(function () {
  "use strict";
  var UNITS = { "억": 100000000, "천만": 10000000, "백만": 1000000, "만": 10000 };

  function parse(text) {
    var t = (text || "").normalize("NFKC").replace(/[,\s]/g, "").replace(/원$/, "");
    if (!t) return null;
    if (/^[0-9]+$/.test(t)) return Number(t);
    var re = /([0-9]+(?:\.[0-9]+)?)(억|천만|백만|만)/g, m, seen = "", total = 0, last = Infinity;
    while ((m = re.exec(t)) !== null) {
      var unit = UNITS[m[2]];
      if (unit >= last) return NaN;
      last = unit;
      seen += m[0];
      total += Math.round(Number(m[1]) * unit * 1000) / 1000;
    }
    if (seen !== t || !seen || total !== Math.floor(total)) return NaN;
    return total;
  }

  function group(n) {
    return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  function words(won) {
    if (won < 10000 || won % 10000) return group(won) + "원";
    var man = won / 10000, eok = Math.floor(man / 10000), jo = Math.floor(eok / 10000);
    man = man % 10000;
    eok = eok % 10000;
    var parts = [];
    if (jo) parts.push(group(jo) + "조");
    if (eok) parts.push(group(eok) + "억");
    if (man) parts.push(group(man) + "만");
    return parts.join(" ") + "원";
  }

  function show(input) {
    var box = input.closest(".amount-input");
    var out = box && box.querySelector(".amount-words");
    if (!out) return;
    var won = parse(input.value);
    out.textContent =
      won === null ? "" : isNaN(won) ? "금액을 읽을 수 없습니다. 예: 2000만" : "= " + words(won);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("input[data-amount]")) show(event.target);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-amount-unit]");
    if (!button) return;
    var input = button.closest(".amount-input").querySelector("input[data-amount]");
    var value = input.value.replace(/\s+$/, "");
    if (/[0-9]$/.test(value)) input.value = value + button.getAttribute("data-amount-unit");
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    input.focus();
  });
  function showAll(root) {
    (root || document).querySelectorAll("input[data-amount]").forEach(show);
  }
  document.addEventListener("DOMContentLoaded", function () { showAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { showAll(event.target); });
})();
