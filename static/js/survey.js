// Survey pages: keeps the progress indicator ("Answered: x of y questions") up to date while answering.
// Progressive enhancement only: without this file the page works the same and shows the server's count.
(() => {
  const form = document.querySelector("form[data-survey-form]");
  const bar = document.getElementById("survey-progress");
  if (!form || !bar) return;
  const count = document.querySelector("[data-progress-count]");
  const isAnswered = (question) => Array.from(question.querySelectorAll("input, textarea")).some((el) => {
    if (el.type === "radio" || el.type === "checkbox") return el.checked && el.value !== "";
    if (el.tagName === "TEXTAREA") return el.value.trim() !== "";
    return false;
  });
  const update = () => {
    const answered = Array.from(form.querySelectorAll("[data-question]")).filter(isAnswered).length;
    bar.value = answered;
    bar.textContent = `${answered} / ${bar.max}`;
    if (count) count.textContent = String(answered);
  };
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
