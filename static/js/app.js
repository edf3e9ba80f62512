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
// Schedule grid: drag an offer onto a cell (or back to "not placed"). The move is posted to the same URL
// as the form behind each card's "Move" link, so keyboard users have the same path without this script.
(() => {
  let moveUrl = null;
  let pinned = "";
  const target = (el) => el && el.closest && el.closest(".schedule-cell, .schedule-unplaced");
  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest(".schedule-card[data-move-url]");
    if (!card) return;
    moveUrl = card.dataset.moveUrl;
    pinned = card.dataset.pinned || "";
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", moveUrl);
  });
  document.addEventListener("dragover", (event) => {
    const cell = target(event.target);
    if (!cell || !moveUrl) return;
    event.preventDefault();
    cell.classList.add("is-drop-target");
  });
  document.addEventListener("dragleave", (event) => {
    const cell = target(event.target);
    if (cell) cell.classList.remove("is-drop-target");
  });
  document.addEventListener("drop", async (event) => {
    const cell = target(event.target);
    if (!cell || !moveUrl) return;
    event.preventDefault();
    const token = document.querySelector("#schedule-csrf input[name=csrf_token]");
    const body = new FormData();
    body.append("room_id", cell.dataset.roomId || "");
    body.append("slot_id", cell.dataset.slotId || "");
    if (pinned) body.append("pinned", pinned);
    if (token) body.append("csrf_token", token.value);
    moveUrl = null;
    await fetch(event.dataTransfer.getData("text/plain"), {method: "POST", body, headers: {Accept: "application/json"},
                                                           credentials: "same-origin"});
    window.location.reload();  // the page shows the new grid and, as messages, the conflicts of the move
  });
})();
// A running schedule proposal: poll its progress and show the result when it is done.
(() => {
  const box = document.querySelector("[data-progress-url]");
  if (!box) return;
  const bar = box.querySelector("progress");
  const status = box.querySelector("[role=status]");
  const poll = async () => {
    const response = await fetch(box.dataset.progressUrl, {headers: {Accept: "application/json"}});
    if (!response.ok) return;
    const progress = await response.json();
    if (progress.status !== "running") { window.location.reload(); return; }
    bar.value = progress.percent;
    status.textContent = status.textContent.replace(/^[\d.]+/, String(progress.elapsed));
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
})();
// Long-running posts (the allocation): show their progress indicator while the server works.
document.addEventListener("submit", (event) => {
  if (event.defaultPrevented || !event.target.matches("form[data-busy]")) return;
  const busy = event.target.querySelector(".busy");
  if (busy) busy.hidden = false;
});
// A table wider than the page scrolls sideways in its .table-scroll box: while it does, the box can take the
// keyboard's focus (arrow keys scroll it) and is a region named after the table's caption or heading, so screen
// reader users know what they are in. A table that fits takes no extra tab stop.
(() => {
  const boxes = document.querySelectorAll(".table-scroll");
  if (!boxes.length) return;
  const fallback = document.body.dataset.tableLabel || "";
  const labelOf = (box) => {
    const caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (let el = box.previousElementSibling; el; el = el.previousElementSibling) {
      if (/^H[1-6]$/.test(el.tagName)) return el.textContent.trim();
    }
    const section = box.closest("section, article");
    const heading = section && section.querySelector("h1, h2, h3, h4");
    return heading ? heading.textContent.trim() : "";
  };
  const update = (box) => {
    if (box.scrollWidth > box.clientWidth + 1) {
      if (box.dataset.scrolls) return;
      box.dataset.scrolls = "true";
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      const label = labelOf(box);
      box.setAttribute("aria-label", label ? `${label} (${fallback})` : fallback);
    } else if (box.dataset.scrolls) {
      delete box.dataset.scrolls;
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  };
  boxes.forEach(update);
  if ("ResizeObserver" in window) {
    const observer = new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target)));
    boxes.forEach((box) => observer.observe(box));
  }
})();
