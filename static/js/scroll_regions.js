// A table too wide for the screen scrolls sideways in its own box (.table-responsive; in the
// administration an inline's or a change list's box). Such a box can then be reached and scrolled from the keyboard, and is named after its table for a
// screen reader (WCAG 2.1.1; axe's rule scrollable-region-focusable). A box that fits is left
// alone, so a wide screen gets no extra tab stops; turning a phone re-checks every box.
(function () {
  "use strict";

  // The table's caption or name, else the box's own heading (the administration's inlines).
  function tableName(box) {
    var table = box.querySelector("table");
    var heading = box.querySelector("h2, h3");
    if (table && table.caption) return table.caption.textContent.trim();
    if (table && table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    var by = table && table.getAttribute("aria-labelledby");
    var label = (by && document.getElementById(by.split(" ")[0])) || heading;
    return label ? label.textContent.trim() : "";
  }

  // A landmark's name: a section or region named after a heading (or by aria-label).
  function landmarkName(el) {
    var by = el.getAttribute("aria-labelledby");
    if (by) {
      return by.split(" ").map(function (id) {
        var label = document.getElementById(id);
        return label ? label.textContent.trim() : "";
      }).join(" ");
    }
    return (el.getAttribute("aria-label") || "").trim();
  }

  // Landmarks are told apart by their names (axe: landmark-unique): a table captioned like the
  // section it stands in is named "<caption> (tabel)", from the script tag's data-table.
  var suffix = (document.currentScript && document.currentScript.dataset.table) || "";

  function uniqueName(box, name) {
    var taken = false;
    document.querySelectorAll("section, nav, aside, [role=region]").forEach(function (el) {
      if (el !== box && landmarkName(el) === name) taken = true;
    });
    return taken && suffix ? name + " (" + suffix + ")" : name;
  }

  function mark(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("data-scroll-region")) {
      box.setAttribute("data-scroll-region", "");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
        box.setAttribute("aria-label", uniqueName(box, tableName(box)));
        box.setAttribute("data-scroll-region", "named");
      }
    } else if (!scrolls && box.hasAttribute("data-scroll-region")) {
      if (box.getAttribute("data-scroll-region") === "named") box.removeAttribute("aria-label");
      box.removeAttribute("data-scroll-region");
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
    }
  }

  function markAll() {
    document.querySelectorAll(".table-responsive, .inline-group, #changelist .results").forEach(mark);
  }

  // Opening a <details> (the plan's "Tilpas") can widen its table.
  document.addEventListener("toggle", markAll, true);
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(markAll, 150);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markAll);
  } else {
    markAll();
  }
})();
