// Accessibility fixes for markup that Django's admin builds in JavaScript or in widget
// templates that a project template cannot override. Loaded by templates/admin/base_site.html.
(function () {
  "use strict";

  // Translated texts come from the script tag's data attributes (base_site.html).
  var texts = (document.currentScript && document.currentScript.dataset) || {};

  function fix(root) {
    // SelectFilter2 (filter_horizontal) puts aria-label on a bare <span>, where no role allows
    // it (axe: aria-prohibited-attr). As an image it keeps its name, which labels the search box.
    root.querySelectorAll("span.search-label-icon[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    // The split date-and-time widget writes "Dato:" and "Tid:" as bare text before its two
    // boxes, and the field's label points at neither (axe: label). Name each box from both.
    root.querySelectorAll("p.datetime input:not([aria-label])").forEach(function (input) {
      var text = input.previousSibling;
      while (text && text.nodeType !== Node.TEXT_NODE) text = text.previousSibling;
      var part = text ? text.textContent.trim().replace(/:$/, "") : "";
      var row = input.closest(".form-row, .fieldBox");
      var label = row && row.querySelector("label");
      var name = label ? label.textContent.trim().replace(/:$/, "") : "";
      if (name || part) input.setAttribute("aria-label", [name, part.toLowerCase()].filter(Boolean).join(", "));
    });
    // An autocomplete field (select2) names its box by the chosen value only, so an empty one
    // has no name (axe: aria-input-field-name). Name it by the field's label, then the value.
    root.querySelectorAll(".select2-selection[role=combobox]:not([data-a11y])").forEach(function (box) {
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector('label[for="' + select.id + '"]');
      box.setAttribute("data-a11y", "");
      if (!label) return;
      if (!label.id) label.id = select.id + "-label";
      var value = box.getAttribute("aria-labelledby");
      box.setAttribute("aria-labelledby", label.id + (value ? " " + value : ""));
      // Inside it, the chosen value is a read-only textbox of its own: named by the label too.
      var rendered = value && document.getElementById(value);
      if (rendered) rendered.setAttribute("aria-labelledby", label.id);
    });
    // The box to search in an open autocomplete list has no label (axe: label).
    root.querySelectorAll("input.select2-search__field:not([aria-label])").forEach(function (input) {
      if (texts.search) input.setAttribute("aria-label", texts.search);
    });
    // django-treebeard's expand/collapse link in the department list is an empty <a>
    // (axe: link-name).
    root.querySelectorAll("a.treebeard-collapse:not([aria-label])").forEach(function (link) {
      if (texts.expand) link.setAttribute("aria-label", texts.expand);
    });
  }

  function start() {
    fix(document);
    // SelectFilter2 runs on window load and "Tilføj endnu en" adds rows later: watch for both.
    new MutationObserver(function () { fix(document); }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
