// Progressive enhancement only: every page works without this file.
document.addEventListener("click", (event) => {
  // Close the open menu when tapping outside it.
  const menu = document.getElementById("main-menu");
  if (menu && menu.open && !menu.contains(event.target) && window.matchMedia("(max-width: 799px)").matches) {
    menu.open = false;
  }
});
document.addEventListener("DOMContentLoaded", () => {
  // On wide screens the menu is always shown.
  const menu = document.getElementById("main-menu");
  const wide = window.matchMedia("(min-width: 800px)");
  const sync = () => { if (menu && wide.matches) menu.open = true; };
  sync();
  wide.addEventListener("change", sync);
});
// WORK-7: a "Print" button prints the page (the print stylesheet leaves its content only).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
