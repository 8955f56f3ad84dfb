/* ketcourse: quizzes and explorers in the static book. No dependencies, no network. */
(function () {
  "use strict";

  function initQuestion(q) {
    var multiple = q.getAttribute("data-kc-multiple") === "true";
    var area = q.querySelector(".kc-feedback-area");
    var details = q.querySelector(".kc-explanation");
    function hideAll() {
      area.querySelectorAll(".kc-feedback").forEach(function (fb) { fb.hidden = true; });
      var summary = area.querySelector(".kc-summary");
      if (summary) { summary.remove(); }
    }
    function show(choice) {
      var fb = document.getElementById(choice.id + "-fb");
      if (fb) { fb.hidden = false; }
    }
    if (!multiple) {
      q.querySelectorAll("button.kc-choice").forEach(function (btn) {
        btn.addEventListener("click", function () {
          hideAll();
          q.querySelectorAll("button.kc-choice").forEach(function (b) {
            b.setAttribute("aria-pressed", "false");
            b.classList.remove("kc-picked-right", "kc-picked-wrong");
          });
          var right = btn.getAttribute("data-correct") === "true";
          btn.setAttribute("aria-pressed", "true");
          btn.classList.add(right ? "kc-picked-right" : "kc-picked-wrong");
          show(btn);
          if (right && details) { details.open = true; }
        });
      });
      return;
    }
    var submit = q.querySelector(".kc-submit");
    if (!submit) { return; }
    submit.addEventListener("click", function () {
      hideAll();
      var boxes = Array.prototype.slice.call(q.querySelectorAll("input[type=checkbox]"));
      var picked = boxes.filter(function (b) { return b.checked; });
      var allRight = boxes.every(function (b) {
        return b.checked === (b.getAttribute("data-correct") === "true");
      });
      picked.forEach(show);
      var summary = document.createElement("p");
      summary.className = "kc-summary " + (allRight ? "kc-right" : "kc-wrong");
      summary.textContent = picked.length === 0 ? "Select at least one answer." :
        (allRight ? "All correct." : "Not yet: check which choices are correct and which are missing.");
      area.appendChild(summary);
      if (allRight && details) { details.open = true; }
    });
  }

  function initExplorer(ex) {
    var script = ex.querySelector("script.kc-frames");
    var img = ex.querySelector("img.kc-frame");
    var desc = ex.querySelector(".kc-frame-desc");
    if (!script || !img) { return; }
    var frames = null;
    var controls = Array.prototype.slice.call(ex.querySelectorAll("[data-kc-control]"));
    function label(ctrl) {
      if (ctrl.tagName === "SELECT") { return ctrl.options[ctrl.selectedIndex].text; }
      var labels = JSON.parse(ctrl.getAttribute("data-labels"));
      return labels[parseInt(ctrl.value, 10)];
    }
    function update() {
      if (frames === null) { frames = JSON.parse(script.textContent); }
      var key = controls.map(function (c) { return String(parseInt(c.value, 10)); }).join("|");
      var frame = frames[key];
      if (!frame) { return; }
      // Frames are files (the book build moves them out of the page): setting src loads one
      // only when asked for, and works from file:// too (no fetch).
      var narrow = ex.querySelector("source.kc-frame-narrow");
      if (narrow && frame.narrow) { narrow.srcset = frame.narrow; }
      img.src = frame.src;
      img.alt = frame.alt;
      var parts = [];
      controls.forEach(function (c) {
        var text = label(c);
        var out = document.getElementById(c.id + "-value");
        if (out) { out.textContent = text; }
        if (c.tagName !== "SELECT") { c.setAttribute("aria-valuetext", text); }
        var lab = ex.querySelector("label[for='" + c.id + "']");
        var name = lab ? lab.textContent.replace(/[:\s]+$/, "") : c.id;
        parts.push(name + ": " + text);
      });
      if (desc) { desc.textContent = parts.join("; "); }
      img.setAttribute("data-kc-key", key);
    }
    controls.forEach(function (c) {
      c.addEventListener("input", update);
      c.addEventListener("change", update);
    });
  }

  function init() {
    // Wide figures kept in their desktop layout: phones show them this wide (CSS px), scrolling sideways.
    document.querySelectorAll("[data-kc-phone-width]").forEach(function (el) {
      el.style.setProperty("--kc-phone-width", el.getAttribute("data-kc-phone-width") + "px");
    });
    document.querySelectorAll(".kc-question").forEach(initQuestion);
    document.querySelectorAll(".kc-explorer").forEach(initExplorer);
    document.documentElement.setAttribute("data-kc-ready", "true");
  }

  // Loaded async: start as soon as the page is parsed, without waiting for the
  // theme's deferred scripts, so quizzes and explorers respond early.
  if (document.readyState === "loading") {
    document.addEventListener("readystatechange", function once() {
      document.removeEventListener("readystatechange", once);
      init();
    });
  } else {
    init();
  }
})();
