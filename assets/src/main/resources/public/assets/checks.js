/*
 * Concept checks on the lesson page. Each check is a real form (radio buttons with labels, or a
 * number field), answered with the mouse or the keyboard (arrows pick an option, Enter answers).
 * The page holds no answer: the learner's choice is posted to the server, which judges it, records
 * it in their progress and sends back the verdict and the explanations, shown in a live region.
 * Kept apart from course.js: this file only touches [data-testid="concept-check"] sections.
 */
(function () {
  "use strict";

  const lesson = document.body.dataset.lesson;
  const checks = new Map();
  document.querySelectorAll('[data-testid="concept-check"]').forEach((section) => checks.set(section.dataset.check, section));
  if (!lesson || checks.size === 0) return;

  /** The explanations are the server's rendering of the lesson's own Markdown. */
  function html(element, markup) {
    element.innerHTML = markup;
    if (window.courseTypesetMath) window.courseTypesetMath(element);   // course.js, loaded after this file
  }

  function answerOf(form) {
    const picked = form.querySelector('input[type="radio"]:checked');
    if (picked) return picked.value;
    const typed = form.querySelector('input[type="text"]');
    return typed ? typed.value.trim() : "";
  }

  function say(section, text, state) {
    const feedback = section.querySelector('[data-testid="check-feedback"]');
    feedback.replaceChildren();
    const verdict = document.createElement("p");
    verdict.className = "check-verdict";
    verdict.textContent = text;
    feedback.appendChild(verdict);
    section.dataset.state = state;
    return feedback;
  }

  /** Shows the server's verdict: the picked option's explanation in the live region, every other option's under it. */
  function show(section, result) {
    const form = section.querySelector("form");
    const options = section.querySelectorAll('[data-testid="check-option"]');
    const feedback = say(section, result.correct ? "Right." : "Not quite.", result.correct ? "right" : "wrong");
    if (options.length > 0) {
      options.forEach((option, index) => {
        const radio = option.querySelector("input");
        radio.checked = String(index) === result.answer;
        option.dataset.verdict = index === result.right ? "right" : String(index) === result.answer ? "wrong" : "";
        const explanation = option.querySelector(".check-explanation");
        html(explanation, result.explanations[index]);
        explanation.hidden = String(index) === result.answer;   // the picked one is read out in the feedback below
      });
      const picked = document.createElement("div");
      html(picked, result.explanations[Number(result.answer)]);
      feedback.appendChild(picked);
    } else {
      form.querySelector('input[type="text"]').value = result.answer;
      const right = document.createElement("p");
      right.textContent = `The answer: ${result.right}. You answered ${result.answer}.`;
      feedback.appendChild(right);
      const explanation = document.createElement("div");
      html(explanation, result.explanation);
      feedback.appendChild(explanation);
    }
    form.querySelectorAll("input").forEach((input) => { input.disabled = true; });
    form.querySelector('[data-testid="check-submit"]').hidden = true;
    form.querySelector('[data-action="check-again"]').hidden = false;
  }

  function again(section) {
    const form = section.querySelector("form");
    form.querySelectorAll("input").forEach((input) => {
      input.disabled = false;
      if (input.type === "radio") input.checked = false; else input.value = "";
    });
    section.querySelectorAll('[data-testid="check-option"]').forEach((option) => {
      delete option.dataset.verdict;
      option.querySelector(".check-explanation").hidden = true;
    });
    section.querySelector('[data-testid="check-feedback"]').replaceChildren();
    delete section.dataset.state;
    form.querySelector('[data-testid="check-submit"]').hidden = false;
    form.querySelector('[data-action="check-again"]').hidden = true;
    const first = form.querySelector("input");
    if (first) first.focus();
  }

  async function submit(section) {
    const form = section.querySelector("form");
    const answer = answerOf(form);
    if (!answer) {
      say(section, form.querySelector('input[type="radio"]') ? "Pick an answer first." : "Type a number first.", "");
      return;
    }
    const button = form.querySelector('[data-testid="check-submit"]');
    button.disabled = true;
    try {
      const response = await fetch(`/api/check/${lesson}/${encodeURIComponent(section.dataset.check)}`, {
        method: "POST", credentials: "same-origin", body: new URLSearchParams({ answer }),
      });
      if (!response.ok) {
        say(section, (await response.text()) || `The answer was not recorded (${response.status}).`, "");
        return;
      }
      show(section, await response.json());
    } catch (e) {
      say(section, "The answer did not reach the server; check the connection and answer again.", "");
    } finally {
      button.disabled = false;
    }
  }

  checks.forEach((section) => {
    const form = section.querySelector("form");
    form.addEventListener("submit", (event) => { event.preventDefault(); submit(section); });
    form.querySelector('[data-action="check-again"]').addEventListener("click", () => again(section));
  });

  /** A learner coming back sees the checks they answered as they left them. */
  (async function restore() {
    try {
      const response = await fetch(`/api/progress/${lesson}`, { credentials: "same-origin" });
      if (!response.ok) return;
      const saved = await response.json();
      Object.entries(saved.checks || {}).forEach(([id, result]) => {
        const section = checks.get(id);
        if (section) show(section, result);
      });
    } catch (e) { /* the checks work without saved answers */ }
    document.body.dataset.checksRestored = "true";
  })();
})();
