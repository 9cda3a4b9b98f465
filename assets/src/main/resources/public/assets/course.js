/*
 * The lesson page: editable cells (CodeMirror), a WebSocket to the learner's kernel, and the
 * rendering of kernel output. Kernel output is untrusted: text is inserted as text, SVG is shown
 * as an image (no scripts run in an <img>), HTML only inside a sandboxed frame without same-origin
 * access.
 */
(function () {
  "use strict";

  const CHECK_MIME = "application/vnd.course.check+json";
  const FOLD_HEIGHT = 360;

  // ---- Theme -------------------------------------------------------------------------------
  // The toggle is a pressed/unpressed "Dark theme" button, so a screen reader says which theme is on.
  const themeButtons = document.querySelectorAll('[data-action="theme"]');
  function showThemeButtons() {
    const dark = document.documentElement.dataset.theme === "dark";
    themeButtons.forEach((button) => button.setAttribute("aria-pressed", String(dark)));
  }
  function setTheme(theme) {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem("course-theme", theme);
    showThemeButtons();
    document.querySelectorAll("img.svg-output").forEach(paintSvg);   // kernel figures follow the theme
  }
  themeButtons.forEach((button) =>
    button.addEventListener("click", () =>
      setTheme(document.documentElement.dataset.theme === "dark" ? "light" : "dark")));
  showThemeButtons();

  /**
   * A kernel's SVG is shown as an image (no script in it can run), so it cannot see the page's
   * colours: its ink is currentColor and its series are var(--fig-…) with light fallbacks. In the
   * dark theme the page's text and figure colours are written into the image's own style.
   */
  const svgSources = new WeakMap();
  function paintSvg(img) {
    const svg = svgSources.get(img);
    if (svg === undefined) return;
    let painted = svg;
    if (document.documentElement.dataset.theme === "dark") {
      const page = getComputedStyle(document.documentElement);
      const vars = ["--fig-blue", "--fig-orange", "--fig-green", "--fig-purple"]
        .map((name) => `${name}:${page.getPropertyValue(name).trim()};`).join("");
      const style = `<style>svg{color:${page.getPropertyValue("--text").trim()};${vars}}</style>`;
      painted = svg.replace(/<svg\b[^>]*>/, (open) => open + style);
    }
    img.src = "data:image/svg+xml;base64," + base64(painted);
  }

  // ---- Math --------------------------------------------------------------------------------
  function typesetMath(root) {
    if (!window.katex) return;
    root.querySelectorAll(".math").forEach((el) => {
      if (el.dataset.typeset) return;
      const tex = el.textContent;
      try {
        window.katex.render(tex, el, { displayMode: el.classList.contains("display"), throwOnError: false });
        el.dataset.typeset = "1";   // KaTeX's MathML copy is what screen readers read
      } catch (e) { /* leave the TeX source visible */ }
    });
  }
  typesetMath(document);
  window.courseTypesetMath = typesetMath; // for checks.js, which inserts explanations with math later

  // ---- Search hits: mark the query's words in the section the hit links to ----------------------
  function highlightSection() {
    const terms = (new URLSearchParams(location.search).get("highlight") || "").split(/\s+/).filter((t) => t.length >= 3);
    const heading = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    const article = document.querySelector("article.lesson");
    if (!terms.length || !article) return;
    const stems = terms.map((t) => t.replace(/(ising|izing|ised|ized|ings|ing|ies|es|ed|s)$/, (m, e, off) => (off >= 4 ? "" : m)));
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${stems.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})[\\p{L}\\p{N}]*`, "giu");
    const start = heading ? heading.closest("h2, h3") || heading : null;
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    let inside = !start;
    const targets = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      const headingOf = element.closest("h2, h3");
      if (start && headingOf === start) { inside = true; continue; }
      if (inside && start && headingOf && headingOf !== start) break;
      if (inside && element.closest(".prose, .callout, .task") && !element.closest(".katex, .CodeMirror")) targets.push(node);
    }
    let first = null;
    targets.forEach((node) => {
      const text = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) return;
      pattern.lastIndex = 0;
      const fragment = document.createDocumentFragment();
      let last = 0;
      for (const match of text.matchAll(pattern)) {
        fragment.append(text.slice(last, match.index));
        const mark = document.createElement("mark");
        mark.textContent = match[0];
        fragment.append(mark);
        first = first || mark;
        last = match.index + match[0].length;
      }
      fragment.append(text.slice(last));
      node.replaceWith(fragment);
    });
    if (start) start.scrollIntoView({ block: "start" });
  }
  highlightSection();

  // ---- Cells -------------------------------------------------------------------------------
  const lesson = document.body.dataset.lesson;
  if (!lesson) return;

  const cells = new Map();   // cell id -> {element, editor, output, original}
  const SAVE_DELAY_MS = 800;
  document.querySelectorAll('[data-testid="cell"]').forEach((element) => {
    const textarea = element.querySelector("textarea.source");
    const readOnly = element.dataset.readonly === "true";
    const editor = window.CodeMirror.fromTextArea(textarea, {
      mode: "text/x-java", lineNumbers: false, matchBrackets: true, indentUnit: 4, tabSize: 4,
      viewportMargin: Infinity, readOnly: readOnly ? "nocursor" : false,
      extraKeys: {
        "Shift-Enter": () => run(element.dataset.cell),
        "Ctrl-Enter": () => run(element.dataset.cell),
        // Tab indents; Esc then Tab (or Shift-Tab) leaves the editor, as CodeMirror suggests (WCAG 2.1.2).
        "Esc": (cm) => letTabLeave(cm, true),
        "Tab": (cm) => cm.execCommand(cm.somethingSelected() ? "indentMore" : "insertSoftTab"),
        "Ctrl-Space": (cm) => complete(element.dataset.cell, cm),
        "Ctrl-I": (cm) => inspect(element.dataset.cell, cm, cm.getCursor()),
      },
    });
    if (!readOnly) watchHover(element.dataset.cell, editor);
    editor.getInputField().setAttribute("aria-label", `Java code of cell ${element.dataset.cell}`);
    editor.getInputField().setAttribute("aria-describedby", "editor-keys");
    editor.on("keydown", (cm, event) => {
      if (event.key !== "Escape" && event.key !== "Tab" && event.key !== "Shift") letTabLeave(cm, false);
    });
    editor.on("blur", (cm) => letTabLeave(cm, false));
    editor.on("focus", () => element.classList.add("focused"));
    editor.on("blur", () => element.classList.remove("focused"));
    element.querySelector('[data-testid="run"]').addEventListener("click", () => run(element.dataset.cell));
    const cell = { element, editor, output: element.querySelector('[data-testid="output"]'), original: editor.getValue(),
      saveTimer: null, restoring: false };
    cells.set(element.dataset.cell, cell);
    // The learner's edits are saved as they type: closing the tab or a server crash loses nothing.
    editor.on("change", () => {
      if (cell.restoring) return;
      showResetButton(cell);
      clearTimeout(cell.saveTimer);
      cell.saveTimer = setTimeout(() => send({ type: "save", cell: element.dataset.cell, code: editor.getValue() }), SAVE_DELAY_MS);
    });
    const reset = element.querySelector('[data-testid="reset"]');
    if (reset) {
      reset.addEventListener("click", () => {
        clearTimeout(cell.saveTimer);
        setCode(cell, cell.original);
        send({ type: "reset", cell: element.dataset.cell });
      });
    }
  });

  /**
   * After Esc, Tab and Shift-Tab are the browser's again (a key bound to false in a key map goes to
   * the browser), until the focus leaves or another key is pressed; then Tab indents again.
   */
  const TAB_LEAVES = { "Tab": false, "Shift-Tab": false };
  function letTabLeave(cm, leave) {
    if (leave === (cm.state.tabLeaves === true)) return;
    cm.state.tabLeaves = leave;
    if (leave) cm.addKeyMap(TAB_LEAVES); else cm.removeKeyMap(TAB_LEAVES);
  }

  function setCode(cell, code) {
    cell.restoring = true;
    cell.editor.setValue(code);
    cell.restoring = false;
    showResetButton(cell);
  }

  function showResetButton(cell) {
    const reset = cell.element.querySelector('[data-testid="reset"]');
    if (reset) reset.hidden = cell.editor.getValue() === cell.original;
  }

  /** Puts back the learner's own code and exercise results from their last visit. */
  async function restoreProgress() {
    try {
      const response = await fetch(`/api/progress/${lesson}`, { credentials: "same-origin" });
      if (!response.ok) return;
      const saved = await response.json();
      Object.entries(saved.code || {}).forEach(([id, code]) => {
        const cell = cells.get(id);
        if (cell && cell.element.dataset.readonly !== "true") setCode(cell, code);
      });
      Object.entries(saved.exercises || {}).forEach(([id, result]) => {
        const exercise = document.querySelector(`[data-testid="exercise"][data-exercise="${CSS.escape(id)}"]`);
        if (exercise && result.passed) exercise.dataset.state = "passed";
      });
      document.body.dataset.progressRestored = "true";
    } catch (e) { /* the page works without saved progress */ }
  }

  // ---- Kernel connection ---------------------------------------------------------------------
  const stateBadge = document.querySelector('[data-testid="kernel-state"]');
  const interruptButton = document.querySelector('[data-action="interrupt"]');
  const restartButton = document.querySelector('[data-action="restart"]');
  let socket = null;
  let pending = [];       // commands sent before the socket opened
  let reconnectDelay = 500;

  function connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(`${scheme}//${location.host}/ws/kernel?lesson=${encodeURIComponent(lesson)}`);
    socket.addEventListener("open", () => {
      reconnectDelay = 500;
      pending.forEach((command) => socket.send(command));
      pending = [];
    });
    socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
    socket.addEventListener("close", (event) => {
      showState(event.code >= 4400 && event.code < 4600 ? "refused" : "dead", event.reason || "disconnected");
      if (event.code < 4400) {
        setTimeout(connect, reconnectDelay);
        reconnectDelay = Math.min(reconnectDelay * 2, 10000);
      }
    });
  }

  function send(command) {
    const text = JSON.stringify(command);
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(text); else pending.push(text);
  }

  function showState(state, detail, sandbox, isolated, placement) {
    stateBadge.hidden = false;
    stateBadge.dataset.state = state;
    const label = { idle: "kernel idle", busy: "kernel busy", starting: "kernel starting",
      restarting: "kernel restarting", dead: "kernel stopped", refused: "no kernel", closed: "kernel closed" }[state] || state;
    // A remote kernel runs on a gateway, which isolates it; the title says where.
    stateBadge.textContent = placement === "remote" ? `${label} · remote`
      : isolated === false ? `${label} · unsandboxed` : label;
    stateBadge.dataset.placement = placement || "local";
    stateBadge.classList.toggle("unsandboxed", isolated === false);
    if (sandbox) stateBadge.title = sandbox;
    if (detail) stateBadge.title = detail;
    interruptButton.hidden = state !== "busy";
    restartButton.hidden = state === "refused";
  }

  interruptButton.addEventListener("click", () => send({ type: "interrupt" }));
  restartButton.addEventListener("click", () => {
    if (confirm("Restart the kernel? Every variable and method you defined will be forgotten.")) {
      markStale(null);
      send({ type: "restart" });
    }
  });

  // ---- Running ------------------------------------------------------------------------------
  let runCounter = 0;

  function run(cellId) {
    const cell = cells.get(cellId);
    if (!cell) return;
    clearTimeout(cell.saveTimer);   // running saves the code too
    clearOutput(cell);
    cell.element.classList.add("busy");
    cell.element.querySelector(".count").textContent = "…";
    send({ type: "execute", cell: cellId, code: cell.editor.getValue() });
  }

  function clearOutput(cell) {
    cell.clearBeforeOutput = false;
    cell.output.replaceChildren();
    cell.output.classList.remove("folded");
    const toggle = cell.element.querySelector(".fold-toggle");
    if (toggle) toggle.remove();
    cell.editor.eachLine((line) => cell.editor.removeLineClass(line, "background", "error-line"));
    cell.lastStream = null;
  }

  // ---- Completion and documentation (the kernel's complete_request / inspect_request) -----------
  // CodeMirror's show-hint addon comes from the same WebJar as CodeMirror itself.
  const codemirrorScript = document.querySelector('script[src*="/codemirror/"][src$="/lib/codemirror.js"]');
  if (codemirrorScript) {
    const base = codemirrorScript.getAttribute("src").replace(/\/lib\/codemirror\.js$/, "");
    const hintCss = document.createElement("link");
    hintCss.rel = "stylesheet";
    hintCss.href = `${base}/addon/hint/show-hint.css`;
    document.head.appendChild(hintCss);
    const hintJs = document.createElement("script");
    hintJs.src = `${base}/addon/hint/show-hint.js`;
    document.head.appendChild(hintJs);
  }
  const assistRequests = new Map();   // request id -> resolve
  let assistCounter = 0;

  function ask(type, cellId, code, cursor) {
    const request = `a${++assistCounter}`;
    return new Promise((resolve) => {
      assistRequests.set(request, resolve);
      setTimeout(() => { if (assistRequests.delete(request)) resolve(null); }, 5000);
      send({ type, cell: cellId, code, cursor_pos: codePoints(code, cursor), request });
    });
  }

  /** Jupyter counts cursor positions in code points, JavaScript strings in UTF-16 units. */
  function codePoints(text, index) { return Array.from(text.slice(0, index)).length; }
  function charIndex(text, points) { return Array.from(text).slice(0, points).join("").length; }

  function complete(cellId, cm) {
    if (!cm.showHint) return;
    const hint = (editor, callback) => {
      const code = editor.getValue();
      ask("complete", cellId, code, editor.indexFromPos(editor.getCursor())).then((reply) => {
        if (!reply || reply.status !== "ok" || !reply.matches || reply.matches.length === 0) { callback(null); return; }
        callback({ list: reply.matches, from: editor.posFromIndex(charIndex(code, reply.cursor_start)),
          to: editor.posFromIndex(charIndex(code, reply.cursor_end)) });
      });
    };
    hint.async = true;
    cm.showHint({ hint, completeSingle: false });
  }

  /** Shows the kernel's documentation for what is at pos, in a small panel under the cell's editor. */
  function inspect(cellId, cm, pos) {
    const code = cm.getValue();
    ask("inspect", cellId, code, cm.indexFromPos(pos)).then((reply) => {
      const cell = cells.get(cellId);
      if (!cell) return;
      let panel = cell.element.querySelector(".doc-panel");
      if (!reply || !reply.found) { if (panel) panel.remove(); return; }
      if (!panel) {
        panel = document.createElement("pre");
        panel.className = "doc-panel";
        panel.dataset.testid = "doc";
        panel.addEventListener("click", () => panel.remove());
        cell.editor.getWrapperElement().after(panel);
      }
      panel.textContent = (reply.data && reply.data["text/plain"]) || "";
    });
  }

  /** Resting the mouse on a name for a moment shows its documentation, as Ctrl-I does. */
  function watchHover(cellId, cm) {
    let timer = null;
    cm.getWrapperElement().addEventListener("mousemove", (event) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const pos = cm.coordsChar({ left: event.clientX, top: event.clientY }, "window");
        const token = cm.getTokenAt(pos);
        if (token && /^[A-Za-z_$][\w$]*$/.test(token.string)) inspect(cellId, cm, { line: pos.line, ch: token.end });
      }, 700);
    });
    cm.getWrapperElement().addEventListener("mouseleave", () => clearTimeout(timer));
  }

  function receive(message) {
    if ((message.msg_type === "complete_reply" || message.msg_type === "inspect_reply") && message.request) {
      const resolve = assistRequests.get(message.request);
      if (resolve) { assistRequests.delete(message.request); resolve(message.content); }
      return;
    }
    if (message.msg_type === "kernel_status") {
      showState(message.content.state, message.content.message, message.content.sandbox, message.content.isolated,
        message.content.placement);
      return;
    }
    if (message.msg_type === "problem") {
      console.warn("course:", message.content.message);
      return;
    }
    const cell = cells.get(message.cell);
    if (!cell) return;
    const content = message.content;
    if (cell.clearBeforeOutput && ["stream", "display_data", "execute_result", "error"].includes(message.msg_type)) {
      cell.clearBeforeOutput = false;   // clear_output with wait: true clears when the next output arrives
      clearOutput(cell);
    }
    switch (message.msg_type) {
      case "saved": cell.element.dataset.saved = "true"; return;
      case "reset": cell.element.dataset.saved = "reset"; return;
      case "stream": appendStream(cell, content.name, content.text); break;
      case "display_data":
      case "execute_result": appendBundle(cell, content.data || {}, message.msg_type === "execute_result",
        content.transient && content.transient.display_id); break;
      case "update_display_data": updateDisplay(content.data || {}, content.transient && content.transient.display_id); break;
      case "error": appendError(cell, content); break;
      case "clear_output": if (content.wait) cell.clearBeforeOutput = true; else clearOutput(cell); break;
      case "kernel_restarted": kernelRestarted(message.cell, cell, content.reason); break;
      case "check_blocked": showChecks(message.cell, null, content.message); break;
      case "input_request": askForInput(message.cell, cell, content); return;   // never folded away
      case "execute_reply": finish(cell, message, content); break;
      default: break;
    }
    foldIfLong(cell);
  }

  function finish(cell, message, content) {
    cell.output.querySelectorAll("form.stdin").forEach((form) => form.remove());   // no one waits any more
    if (message.phase === "code") return;   // the checks run next
    if (!message.phase) ranInThisKernel(message.cell, cell, content.status);
    cell.element.classList.remove("busy");
    cell.element.querySelector(".count").textContent =
      content.status === "ok" ? `[${content.execution_count || ++runCounter}]` : content.status === "aborted" ? "[–]" : "[!]";
    const exercise = cell.element.closest(".exercise");
    if (exercise) exercise.querySelector(".check").disabled = false;
  }

  /**
   * The cell reads System.in: a text box under its output. Enter sends the line to the kernel; the
   * box then turns into the echoed line, as on a terminal. Escape interrupts the cell.
   */
  let inputCounter = 0;
  function askForInput(cellId, cell, content) {
    const form = document.createElement("form");
    form.className = "stdin";
    form.dataset.testid = "stdin";
    const id = `stdin-${++inputCounter}`;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = content.prompt || "This cell reads input:";
    const field = document.createElement("input");
    field.id = id;
    field.type = content.password ? "password" : "text";
    field.autocomplete = "off";
    field.spellcheck = false;
    field.setAttribute("aria-describedby", `${id}-hint`);
    const hint = document.createElement("span");
    hint.id = `${id}-hint`;
    hint.className = "stdin-hint";
    hint.textContent = "Enter sends · Esc stops the cell";
    const button = document.createElement("button");
    button.type = "submit";
    button.textContent = "Send";
    form.append(label, field, button, hint);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send({ type: "input", cell: cellId, value: field.value });
      const echo = document.createElement("pre");
      echo.className = "stream stdin-echo";
      echo.textContent = (content.prompt || "") + (content.password ? "••••••" : field.value) + "\n";
      form.replaceWith(echo);
      cell.lastStream = null;
      cell.editor.focus();
    });
    field.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); send({ type: "interrupt" }); }
    });
    cell.output.appendChild(form);
    cell.lastStream = null;
    if (cell.output.classList.contains("folded")) {   // a long output must not hide the box
      cell.output.classList.remove("folded");
      const toggle = cell.element.querySelector(".fold-toggle");
      if (toggle) toggle.textContent = "Fold output";
    }
    field.focus();
  }

  /** A printed table (the engine's Table: a rule of dashes per column) keeps its lines and scrolls sideways. */
  const TABLE_RULE = /^ *-{3,}(?: {2,}-{3,})+ *$/m;
  function appendStream(cell, name, text) {
    if (cell.lastStream && cell.lastStream.dataset.name === name && cell.lastStream === cell.output.lastChild) {
      cell.lastStream.textContent += text;
      cell.lastStream.classList.toggle("tabular", TABLE_RULE.test(cell.lastStream.textContent));
      return;
    }
    const pre = document.createElement("pre");
    pre.className = name === "stderr" ? "stream stderr" : "stream";
    pre.dataset.name = name;
    pre.textContent = text;
    pre.classList.toggle("tabular", TABLE_RULE.test(text));
    cell.output.appendChild(pre);
    cell.lastStream = pre;
  }

  function appendBundle(cell, data, isResult, displayId) {
    if (data[CHECK_MIME]) {
      const result = typeof data[CHECK_MIME] === "string" ? JSON.parse(data[CHECK_MIME]) : data[CHECK_MIME];
      showChecks(cell.element.dataset.cell, result, null);
      return;
    }
    const node = bundleNode(data, isResult);
    if (displayId) node.dataset.displayId = displayId;
    cell.output.appendChild(node);
    cell.lastStream = null;
  }

  /** update_display_data: every output shown under this display id, in any cell, is replaced in place. */
  function updateDisplay(data, displayId) {
    if (!displayId) return;
    document.querySelectorAll(`[data-display-id="${CSS.escape(String(displayId))}"]`).forEach((old) => {
      const node = bundleNode(data, false);
      node.dataset.displayId = displayId;
      old.replaceWith(node);
    });
  }

  function bundleNode(data, isResult) {
    let node;
    if (data["image/svg+xml"]) {
      node = document.createElement("img");
      node.className = "svg-output";
      node.alt = data["text/plain"] || "figure";
      svgSources.set(node, data["image/svg+xml"]);
      paintSvg(node);
    } else if (data["text/html"]) {
      node = htmlFrame(data["text/html"]);
    } else if (data["image/png"]) {
      node = document.createElement("img");
      node.alt = data["text/plain"] || "image";
      node.src = "data:image/png;base64," + data["image/png"];
    } else if (data["text/markdown"]) {
      node = markdownNode(data["text/markdown"]);
    } else if (data["text/latex"]) {
      node = document.createElement("div");
      node.className = "latex-output";
      appendWithMath(node, hasMathDelimiters(data["text/latex"]) ? data["text/latex"] : "$$" + data["text/latex"] + "$$");
    } else {
      node = document.createElement("pre");
      node.textContent = data["text/plain"] || "";
      if (isResult) node.className = "result";
    }
    node.dataset.mime = data["image/svg+xml"] ? "image/svg+xml" : data["text/html"] ? "text/html"
      : data["image/png"] ? "image/png" : data["text/markdown"] ? "text/markdown" : data["text/latex"] ? "text/latex" : "text/plain";
    return node;
  }

  // ---- Markdown and LaTeX from a kernel -------------------------------------------------------
  // Built from DOM nodes and text, never innerHTML: a kernel's Markdown cannot inject markup. Math is
  // typeset by the page's own KaTeX (the WebJar), as in the lessons; without it the TeX stays visible.

  /** TeX delimiters: $$…$$, \[…\], \begin{env}…\end{env} (display), $…$ and \(…\) (inline). */
  const MATH = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|(\\begin\{([a-z*]+)\}[\s\S]+?\\end\{\4\})|\\\(([\s\S]+?)\\\)|\$([^$\n]+?)\$/g;

  function hasMathDelimiters(text) {
    MATH.lastIndex = 0;
    return MATH.test(text);
  }

  /** Appends text to a node with its math typeset; `inline` adds Markdown's inline marks (code, bold, italics, links). */
  function appendWithMath(node, text, inline) {
    let last = 0;
    MATH.lastIndex = 0;
    for (const match of text.matchAll(MATH)) {
      appendText(node, text.slice(last, match.index), inline);
      const display = match[1] !== undefined || match[2] !== undefined || match[3] !== undefined;
      const tex = match[1] ?? match[2] ?? match[3] ?? match[5] ?? match[6];
      node.appendChild(mathNode(tex, display, match[0]));
      last = match.index + match[0].length;
    }
    appendText(node, text.slice(last), inline);
  }

  function mathNode(tex, display, source) {
    const span = document.createElement(display ? "div" : "span");
    span.className = display ? "math display" : "math";
    span.textContent = source;
    if (window.katex) {
      try {
        window.katex.render(tex, span, { displayMode: display, throwOnError: false });
        span.dataset.typeset = "1";
      } catch (e) { /* leave the TeX source visible */ }
    }
    return span;
  }

  /** Inline Markdown: `code`, **bold**, *italics* or _italics_, [text](https://…); everything else is text. */
  const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*|\b_([^_]+?)_\b|\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g;
  function appendText(node, text, inline) {
    if (!inline) { node.append(text); return; }
    let last = 0;
    for (const match of text.matchAll(INLINE)) {
      node.append(text.slice(last, match.index));
      let element;
      if (match[1] !== undefined) { element = document.createElement("code"); element.textContent = match[1]; }
      else if (match[2] !== undefined) { element = document.createElement("strong"); appendText(element, match[2], true); }
      else if (match[5] !== undefined) {
        element = document.createElement("a");
        element.href = match[6];
        element.rel = "noopener noreferrer";
        element.target = "_blank";
        element.textContent = match[5];
      } else { element = document.createElement("em"); appendText(element, match[3] ?? match[4], true); }
      node.appendChild(element);
      last = match.index + match[0].length;
    }
    node.append(text.slice(last));
  }

  /**
   * The Markdown a cell shows with markdown(…): paragraphs, headings (shown bold, not as headings of
   * the page), lists, fenced code, display and inline math, and the inline marks above. Not a full
   * CommonMark renderer: what it does not know stays as its text.
   */
  function markdownNode(markdown) {
    const root = document.createElement("div");
    root.className = "markdown-output";
    const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
    let paragraph = [];
    let list = null;
    const endParagraph = () => {
      if (paragraph.length) {
        const p = document.createElement("p");
        appendWithMath(p, paragraph.join("\n"), true);
        root.appendChild(p);
      }
      paragraph = [];
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const fence = /^\s*```/.test(line);
      const heading = /^(#{1,6})\s+(.*)$/.exec(line);
      const item = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/.exec(line);
      if (fence || heading || !line.trim() || (item === null && list !== null)) { endParagraph(); if (!item) list = null; }
      if (fence) {
        const code = [];
        for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) code.push(lines[i]);
        const pre = document.createElement("pre");
        pre.textContent = code.join("\n");
        root.appendChild(pre);
      } else if (heading) {
        const p = document.createElement("p");
        p.className = "markdown-heading";
        const strong = document.createElement("strong");
        appendWithMath(strong, heading[2], true);
        p.appendChild(strong);
        root.appendChild(p);
      } else if (item) {
        endParagraph();
        const kind = item[1] === undefined ? "UL" : "OL";
        if (!list || list.tagName !== kind) { list = document.createElement(kind.toLowerCase()); root.appendChild(list); }
        const li = document.createElement("li");
        appendWithMath(li, item[2], true);
        list.appendChild(li);
      } else if (line.trim()) {
        paragraph.push(line);
      }
    }
    endParagraph();
    return root;
  }

  /** HTML from a kernel runs in a frame with its own opaque origin: it cannot touch this page or its cookies. */
  let frameCounter = 0;
  function htmlFrame(html) {
    const frame = document.createElement("iframe");
    const id = `frame-${++frameCounter}`;
    frame.className = "html-output";
    frame.title = "Cell output";
    frame.setAttribute("sandbox", "allow-scripts");
    frame.dataset.frame = id;
    const dark = document.documentElement.dataset.theme === "dark";
    const style = `<style>body{margin:0;font:14px ${getComputedStyle(document.body).fontFamily};color:${dark ? "#e6e6e3" : "#1f2328"};}
      html{overflow-x:auto}table{border-collapse:collapse}td,th{border:1px solid #8884;padding:3px 8px;white-space:nowrap}</style>`;
    const sizer = `<script>new ResizeObserver(function(){parent.postMessage({courseFrame:${JSON.stringify(id)},` +
      `height:document.documentElement.scrollHeight},"*")}).observe(document.documentElement);<\/script>`;
    frame.srcdoc = `<!doctype html><meta charset="utf-8">${style}${html}${sizer}`;
    return frame;
  }
  window.addEventListener("message", (event) => {
    const data = event.data || {};
    if (!data.courseFrame) return;
    const frame = document.querySelector(`iframe[data-frame="${CSS.escape(String(data.courseFrame))}"]`);
    if (frame && event.source === frame.contentWindow) frame.style.height = Math.min(2000, Number(data.height) + 4) + "px";
  });

  function appendError(cell, content) {
    const box = document.createElement("div");
    box.className = "error";
    box.setAttribute("role", "alert");
    const title = document.createElement("div");
    title.className = "ename";
    title.textContent = `${content.ename}: ${content.evalue}`;
    const trace = document.createElement("pre");
    // A kernel started from its Jupyter kernelspec (the gateway) colours tracebacks with ANSI codes; shown plain here.
    const traceback = (content.traceback || []).join("\n").replace(/\u001b\[[0-9;]*m/g, "");
    trace.textContent = traceback;
    box.append(title, trace);
    cell.output.appendChild(box);
    cell.lastStream = null;
    markFailingLine(cell, traceback);
  }

  /** The kernel names the failing line ("line 3: …"); mark it in the editor. */
  function markFailingLine(cell, traceback) {
    const match = /\bline (\d+)\b/.exec(traceback);
    if (!match) return;
    const line = Number(match[1]) - 1;
    if (line >= 0 && line < cell.editor.lineCount()) cell.editor.addLineClass(line, "background", "error-line");
  }

  // ---- State lost in a restart -----------------------------------------------------------------
  // A kernel restarted because a cell would not stop (or because it died) has forgotten everything
  // the learner's earlier cells declared. The page remembers which cells ran in the kernel now
  // running, so that it can say which ones to run again and offer to run them, instead of leaving
  // the learner to puzzle over the next "cannot find symbol".
  const ranCells = new Set();   // ids of the learner's cells that ran in the kernel now running
  let rerunQueue = [];          // cells "Run them again" has still to run, in page order

  /** Cells in the order of the page. */
  function inPageOrder(ids) {
    return Array.from(cells.keys()).filter((id) => ids.has(id));
  }

  /** A learner's cell finished: it counts as run in this kernel, and a "run them again" goes on with the next. */
  function ranInThisKernel(cellId, cell, status) {
    const restartedHere = cell.restartedHere === true;   // then it ran in the kernel that was thrown away
    cell.restartedHere = false;
    if (!restartedHere && (status === "ok" || status === "error")) {
      ranCells.add(cellId);
      cell.element.classList.remove("stale");
      delete cell.element.dataset.stale;
      cell.element.querySelector(".count").removeAttribute("title");
    }
    if (rerunQueue.length > 0 && rerunQueue[0] === cellId) {
      rerunQueue.shift();
      if (status === "ok" && rerunQueue.length > 0) run(rerunQueue[0]); else rerunQueue = [];
    }
    if (status === "error" && !restartedHere) offerRerun(cellId, cell, null);
  }

  /** Every cell that ran in the old kernel (but {@code except}) is marked as not run since. */
  function markStale(except) {
    const stale = inPageOrder(new Set([...ranCells].filter((id) => id !== except)));
    ranCells.clear();
    rerunQueue = [];
    stale.forEach((id) => {
      const element = cells.get(id).element;
      element.classList.add("stale");
      element.dataset.stale = "true";
      element.querySelector(".count").title = "ran before the kernel restarted: what it declared is gone";
    });
  }

  function kernelRestarted(cellId, cell, reason) {
    cell.restartedHere = true;
    markStale(cellId);
    // The server's reason already says that the kernel was restarted and that its state is lost.
    const said = String(reason || "the kernel was restarted");
    offerRerun(cellId, cell, `${said.charAt(0).toUpperCase()}${said.slice(1)}.`);
  }

  /**
   * Under a cell: why earlier declarations are gone (when {@code why} is given, or when the cell failed
   * while cells above it have not run since a restart) and a button that runs those cells again.
   */
  function offerRerun(cellId, cell, why) {
    const order = Array.from(cells.keys());
    const above = order.slice(0, order.indexOf(cellId))
      .filter((id) => cells.get(id).element.dataset.stale === "true");
    if (!why && above.length === 0) return;
    const notice = document.createElement("div");
    notice.className = "notice restart-notice";
    notice.setAttribute("role", "status");
    notice.dataset.testid = "restart-notice";
    const text = document.createElement("span");
    const one = above.length === 1;
    text.textContent = why
      ? `${why} ` + (above.length === 0 ? "Run the cells above again to get back what they declared."
        : `Run ${one ? "the cell" : `the ${above.length} cells`} above whose number is struck through again to get back what `
          + `${one ? "it" : "they"} declared.`)
      : `The kernel was restarted after ${one ? "a cell" : `${above.length} cells`} above ran (${one ? "its" : "their"} number is `
        + `struck through), so what ${one ? "it" : "they"} declared is gone. Run ${one ? "it" : "them"} again, then this cell.`;
    notice.append(text);
    if (above.length > 0) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "rerun";
      button.dataset.testid = "rerun";
      button.textContent = why ? (one ? "Run that cell again" : `Run those ${above.length} cells again`)
        : (one ? "Run it, then this cell" : `Run them, then this cell`);
      button.addEventListener("click", () => {
        button.disabled = true;
        // A cell the kernel was restarted in (a loop that would not stop) is not run again by itself.
        rerunQueue = why ? above : above.concat(cellId);
        run(rerunQueue[0]);
      });
      notice.append(" ", button);
    }
    cell.output.appendChild(notice);
    cell.lastStream = null;
  }

  function foldIfLong(cell) {
    if (cell.output.classList.contains("folded") || cell.element.querySelector(".fold-toggle")) return;
    if (cell.output.scrollHeight <= FOLD_HEIGHT * 1.5) return;
    cell.output.classList.add("folded");
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "link-button fold-toggle";
    toggle.textContent = "Show all output";
    toggle.addEventListener("click", () => {
      const folded = cell.output.classList.toggle("folded");
      toggle.textContent = folded ? "Show all output" : "Fold output";
    });
    cell.output.after(toggle);
  }

  function base64(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = "";
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary);
  }

  // ---- Exercises -----------------------------------------------------------------------------
  document.querySelectorAll('[data-testid="exercise"]').forEach((exercise) => {
    const id = exercise.dataset.exercise;
    const cellId = `ex-${id}`;
    const checkButton = exercise.querySelector('[data-testid="check"]');
    checkButton.addEventListener("click", () => {
      const cell = cells.get(cellId);
      clearOutput(cell);
      cell.element.classList.add("busy");
      checkButton.disabled = true;
      const list = exercise.querySelector('[data-testid="checks"]');
      list.replaceChildren(listItem("", "Checking…", null));
      send({ type: "check", exercise: id, code: cell.editor.getValue() });
    });
    exercise.querySelector('[data-action="solution"]').addEventListener("click", async (event) => {
      const response = await fetch(`/api/solution/${lesson}/${encodeURIComponent(id)}`);
      if (!response.ok) return;
      const body = await response.json();
      const pre = exercise.querySelector('[data-testid="solution"]');
      pre.textContent = body.solution;
      pre.hidden = false;
      event.target.hidden = true;
    });
  });

  function showChecks(cellId, result, blockedMessage) {
    const cell = cells.get(cellId);
    const exercise = cell && cell.element.closest(".exercise");
    if (!exercise) return;
    exercise.querySelector(".check").disabled = false;
    cell.element.classList.remove("busy");
    const list = exercise.querySelector('[data-testid="checks"]');
    list.replaceChildren();
    if (blockedMessage) {
      list.appendChild(listItem("fail", blockedMessage, null));
      return;
    }
    const passed = result.checks.filter((check) => check.passed).length;
    const summary = listItem(result.passed ? "pass summary" : "fail summary",
      result.passed ? `All ${result.checks.length} checks pass. Well done!` : `${passed} of ${result.checks.length} checks pass.`, null);
    summary.dataset.testid = "check-summary";
    list.appendChild(summary);
    result.checks.forEach((check) => {
      const item = listItem(check.passed ? "pass" : "fail", check.name, check.passed ? null : check.message);
      item.dataset.testid = check.passed ? "check-pass" : "check-fail";
      list.appendChild(item);
    });
    exercise.dataset.state = result.passed ? "passed" : "failed";
  }

  function listItem(className, text, message) {
    const item = document.createElement("li");
    if (className) item.className = className;
    item.append(document.createTextNode(text));
    if (message) {
      const detail = document.createElement("span");
      detail.className = "message";
      detail.textContent = message;
      item.appendChild(detail);
    }
    return item;
  }

  // ---- Workshop: the instructor's messages, and solutions they reveal --------------------------
  let lastMessageAt = 0;
  async function pollWorkshop() {
    try {
      const response = await fetch("/api/workshop", { credentials: "same-origin" });
      if (!response.ok) return;
      const state = await response.json();
      if (!state.active) return;            // not a workshop: stop asking
      if (state.message && state.messageAt > lastMessageAt) {
        lastMessageAt = state.messageAt;
        showBroadcast(state.message);
      }
      document.querySelectorAll(".rail li a").forEach((link) => {
        const path = link.getAttribute("href").replace(/^\/learn\//, "");
        link.closest("li").classList.toggle("locked", !state.open.includes(path));
      });
      setTimeout(pollWorkshop, 2000);
    } catch (e) {
      setTimeout(pollWorkshop, 5000);
    }
  }

  function showBroadcast(text) {
    let banner = document.querySelector('[data-testid="broadcast-message"]');
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "broadcast-message";
      banner.dataset.testid = "broadcast-message";
      banner.setAttribute("role", "status");
      document.querySelector(".main").prepend(banner);
    }
    banner.textContent = `Your instructor: ${text}`;
  }

  if (new URLSearchParams(location.search).has("present")) document.body.classList.add("presenter");
  restoreProgress();
  connect();
  pollWorkshop();
})();
