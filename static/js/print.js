// A button marked data-print opens the browser's print dialog (no inline script: the
// Content-Security-Policy forbids it). The print stylesheet in portal.css hides the menus.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
