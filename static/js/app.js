// Progressive enhancement only: every page works without this file.
// Asks for confirmation before destructive actions marked with data-confirm.
document.addEventListener("submit", (event) => {
  const tooBig = event.target.querySelector("[data-max-bytes] input[type=file]:invalid");
  if (tooBig) {  // forms are novalidate (the server's messages are better), so stop this one by hand
    event.preventDefault();
    tooBig.reportValidity();
    return;
  }
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
// Say at once when a chosen file is larger than the form accepts (the server checks again).
document.addEventListener("change", (event) => {
  const input = event.target;
  const limit = input.closest && input.closest("[data-max-bytes]");
  if (!limit || input.type !== "file" || !input.files.length) return;
  const tooBig = input.files[0].size > Number(limit.dataset.maxBytes);
  input.setCustomValidity(tooBig ? limit.dataset.tooBig : "");
  if (tooBig) input.reportValidity();
});
