// Progressive enhancement only: every page works without this file.
// Asks for confirmation before destructive actions marked with data-confirm.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
// Move focus to the error summary so screen reader and keyboard users land on it.
window.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
