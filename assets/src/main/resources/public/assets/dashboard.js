/*
 * The instructor's live dashboard: a WebSocket pushes a snapshot of the room whenever it changes
 * (who is on which step, which exercises pass, each learner's kernel), and the controls post to
 * the server without leaving the page. Every learner-provided string is inserted as text.
 */
(function () {
  "use strict";
  const table = document.querySelector('[data-testid="learners"] tbody');
  const steps = document.querySelector('[data-testid="steps"]');
  const unlocked = document.querySelector('[data-testid="unlocked"]');
  const empty = document.querySelector('[data-testid="empty-room"]');

  function cell(text, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    td.textContent = text;
    return td;
  }

  async function post(action, fields) {
    const body = new URLSearchParams(fields || {});
    const response = await fetch(action, { method: "POST", body, headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" });
    if (response.ok) render(await response.json());
  }

  function render(room) {
    if (!room.active) { location.reload(); return; }
    unlocked.textContent = `${room.unlocked} of ${room.steps.length} steps open`;
    const last = document.querySelector('[data-testid="last-message"]');
    last.hidden = !room.message;
    last.textContent = room.message ? `Last message to the room: “${room.message}”` : "";
    steps.replaceChildren();
    room.steps.forEach((step, index) => {
      const box = document.createElement("div");
      box.className = "step" + (index < room.unlocked ? " open" : "");
      const title = document.createElement("strong");
      title.textContent = `${index + 1}. ${step.title}`;
      box.appendChild(title);
      step.exercises.forEach((exercise) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "link-button";
        button.dataset.testid = "reveal";
        button.disabled = exercise.revealed;
        button.textContent = exercise.revealed ? `${exercise.id}: solution shown` : `Reveal ${exercise.id} solution`;
        button.addEventListener("click", () => post("/api/instructor/reveal", { lesson: step.lesson, exercise: exercise.id }));
        box.appendChild(button);
      });
      steps.appendChild(box);
    });
    const titles = Object.fromEntries(room.steps.map((s, i) => [s.lesson, `${i + 1}. ${s.title}`]));
    table.replaceChildren();
    empty.hidden = room.learners.length > 0;
    room.learners.forEach((learner) => {
      const row = document.createElement("tr");
      row.dataset.learner = learner.id;
      row.dataset.testid = "learner-row";
      row.appendChild(cell(learner.name, "name"));
      row.appendChild(cell(titles[learner.lesson] || "–"));
      const exercises = document.createElement("td");
      room.steps.forEach((step) => step.exercises.forEach((exercise) => {
        const key = `${step.lesson}/${exercise.id}`;
        const mark = document.createElement("span");
        const state = key in learner.exercises ? (learner.exercises[key] ? "pass" : "fail") : "todo";
        mark.className = `exercise-mark ${state}`;
        mark.dataset.exercise = key;
        mark.dataset.state = state;
        mark.title = `${exercise.id}: ${state === "pass" ? "passed (self-checked)" : state === "fail" ? "not passing yet" : "not tried"}`;
        mark.textContent = state === "pass" ? "✓" : state === "fail" ? "✗" : "·";
        exercises.appendChild(mark);
      }));
      row.appendChild(exercises);
      const over = learner.memoryLimitMb > 0 && learner.memoryMb > 0.9 * learner.memoryLimitMb;
      // null: the kernels run on a gateway, whose API does not report memory; say so rather than show 0.
      const memory = learner.memoryMb === null ? (learner.kernel === "none" ? "" : " · memory unknown")
        : learner.memoryMb ? ` · ${learner.memoryMb} MB` : "";
      const kernel = cell(`${learner.kernel}${memory}${over ? " · near limit" : ""}`,
        `kernel-cell ${learner.kernel}${over ? " over" : ""}`);
      kernel.dataset.testid = "learner-kernel";
      row.appendChild(kernel);
      const actions = document.createElement("td");
      const restart = document.createElement("button");
      restart.type = "button";
      restart.className = "link-button";
      restart.textContent = "Restart kernel";
      restart.addEventListener("click", () => post("/api/instructor/restart", { learner: learner.id }));
      actions.appendChild(restart);
      row.appendChild(actions);
      table.appendChild(row);
    });
    document.body.dataset.dashboardUpdated = String(Date.now());
  }

  document.querySelectorAll("form[data-ajax]").forEach((form) => form.addEventListener("submit", (event) => {
    event.preventDefault();
    post(form.getAttribute("action"), Object.fromEntries(new FormData(form)));
    const input = form.querySelector("input[name=message]");
    if (input) input.value = "";
  }));

  let delay = 500;
  function connect() {
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws/instructor`);
    socket.addEventListener("message", (event) => { delay = 500; render(JSON.parse(event.data)); });
    socket.addEventListener("close", (event) => {
      if (event.code !== 4403) setTimeout(connect, delay = Math.min(delay * 2, 8000));
    });
  }
  fetch("/api/instructor/dashboard", { credentials: "same-origin" }).then((r) => r.json()).then(render);
  connect();
})();
