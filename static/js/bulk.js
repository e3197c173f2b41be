// POOL-13 progressive enhancement: "select all on this page" and a count of the ticked
// rows. Without it the checkboxes and the bulk form work the same.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-select-all]").forEach((all) => {
    const name = all.dataset.selectAll;
    const form = all.getAttribute("form");
    const boxes = () => document.querySelectorAll(`input[type=checkbox][name="${name}"][form="${form}"]`);
    const counters = document.querySelectorAll(`[data-selected-count="${name}"]`);
    const template = counters.length ? counters[0].dataset.template || "%s" : "%s";
    const update = () => {
      const ticked = [...boxes()].filter((b) => b.checked).length;
      counters.forEach((c) => { c.textContent = ticked ? template.replace("%s", ticked) : ""; });
      all.checked = ticked > 0 && ticked === boxes().length;
    };
    all.addEventListener("change", () => { boxes().forEach((b) => { b.checked = all.checked; }); update(); });
    boxes().forEach((b) => b.addEventListener("change", update));
    update();
  });
});
