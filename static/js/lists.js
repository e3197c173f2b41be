/* WORK-2: lists. Progressive enhancement only — everything works without it.
   - Selection: a header box ([data-select-all=form]) ticks every row box of that form;
     the form's [data-selection-count] shows how many are ticked and its buttons stay
     disabled until one is.
   - Filters folded on a phone: <details data-fold-on-phone> opens on a wide screen. */
(function () {
  "use strict";

  function rows(formId) {
    return document.querySelectorAll('[data-select-row="' + formId + '"]');
  }

  function refresh(formId) {
    var boxes = rows(formId);
    var ticked = 0;
    boxes.forEach(function (box) { if (box.checked) { ticked += 1; } });
    document.querySelectorAll('[data-select-all="' + formId + '"]').forEach(function (all) {
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    });
    var form = document.getElementById(formId);
    if (!form) { return; }
    form.querySelectorAll("[data-selection-count]").forEach(function (el) { el.textContent = ticked; });
    form.querySelectorAll("[data-needs-selection]").forEach(function (el) { el.disabled = ticked === 0; });
    form.classList.toggle("has-selection", ticked > 0);
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("[data-select-all]")) {
      var formId = target.getAttribute("data-select-all");
      rows(formId).forEach(function (box) { box.checked = target.checked; });
      refresh(formId);
    } else if (target.matches("[data-select-row]")) {
      refresh(target.getAttribute("data-select-row"));
    }
  });

  function init() {
    var seen = {};
    document.querySelectorAll("[data-select-row], [data-select-all]").forEach(function (el) {
      var formId = el.getAttribute("data-select-row") || el.getAttribute("data-select-all");
      if (!seen[formId]) { seen[formId] = true; refresh(formId); }
    });
    if (window.matchMedia("(min-width: 800px)").matches) {
      document.querySelectorAll("details[data-fold-on-phone]").forEach(function (d) { d.open = true; });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSettle", init);
})();
