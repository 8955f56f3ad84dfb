/* ketcourse assessment: numeric, ordering and short-answer questions, and branching cases.
   Static book, no kernel, no network, works from file://. Nothing is stored or sent:
   all state lives in the page (and the URL fragment for a case step). */
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }
  function hideFeedback(q) {
    q.querySelectorAll(".kc-feedback-area .kc-feedback").forEach(function (fb) { fb.hidden = true; });
  }
  function reveal(el) { if (el) { el.hidden = false; } }

  /* Same rules as ketcourse.engine.quiz.schema.parse_number / normalise_term. */
  function parseNumber(text, unit) {
    var t = String(text).trim();
    if (unit && t.toLowerCase().slice(-unit.length) === unit.toLowerCase()) {
      t = t.slice(0, t.length - unit.length).trim();
    }
    t = t.replace(/%+$/, "").trim().replace(/\u2212/g, "-");
    if (t.indexOf(",") >= 0 && t.indexOf(".") < 0) { t = t.replace(/,/g, "."); }
    t = t.replace(/[ \u202f]/g, "");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) { return null; }
    var v = parseFloat(t);
    return isFinite(v) ? v : null;
  }
  function normaliseTerm(text) {
    return String(text).toLowerCase().replace(/[\s\-\u2010-\u2015_]+/g, "").replace(/\.+$/, "");
  }
  function within(value, target, tol) {
    return Math.abs(value - target) <= tol * (1 + 1e-9) + 1e-12;
  }
  function onEnter(input, fn) {
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); fn(); }
    });
  }

  function initNumeric(q) {
    var input = byId(q.id + "-input");
    var submit = byId(q.id + "-submit");
    var answer = parseFloat(q.getAttribute("data-answer"));
    var tol = parseFloat(q.getAttribute("data-tolerance"));
    var unit = q.getAttribute("data-unit") || "";
    var details = byId(q.id + "-explanation");
    var solution = byId(q.id + "-solution");
    var wrongs = Array.prototype.slice.call(q.querySelectorAll(".kc-feedback[data-value]"));
    var attempts = 0;
    function check() {
      hideFeedback(q);
      var v = parseNumber(input.value, unit);
      if (v === null) { reveal(byId(q.id + "-fb-nan")); return; }
      attempts += 1;
      var state = "wrong";
      if (within(v, answer, tol)) {
        reveal(byId(q.id + "-fb-correct"));
        state = "right";
      } else {
        var hit = wrongs.filter(function (w) {
          return within(v, parseFloat(w.getAttribute("data-value")), parseFloat(w.getAttribute("data-tolerance")));
        })[0];
        reveal(hit || byId(q.id + (v > answer ? "-fb-high" : "-fb-low")));
      }
      input.setAttribute("aria-invalid", state === "right" ? "false" : "true");
      q.setAttribute("data-kc-state", state);
      if (state === "right" || attempts >= 2) { solution.open = true; }
      if (state === "right" && details) { details.open = true; }
    }
    submit.addEventListener("click", check);
    onEnter(input, check);
  }

  function initShort(q) {
    var input = byId(q.id + "-input");
    var accepted = JSON.parse(q.getAttribute("data-accepted") || "[]");
    var details = byId(q.id + "-explanation");
    function check() {
      hideFeedback(q);
      var t = normaliseTerm(input.value);
      if (!t) { reveal(byId(q.id + "-fb-empty")); return; }
      var right = accepted.indexOf(t) >= 0;
      reveal(byId(q.id + (right ? "-fb-correct" : "-fb-wrong")));
      q.setAttribute("data-kc-state", right ? "right" : "wrong");
      if (right && details) { details.open = true; }
    }
    byId(q.id + "-submit").addEventListener("click", check);
    onEnter(input, check);
  }

  function initOrdering(q) {
    var list = byId(q.id + "-list");
    var status = byId(q.id + "-status");
    var details = byId(q.id + "-explanation");
    function items() { return Array.prototype.slice.call(list.querySelectorAll(".kc-order-item")); }
    function refresh() {
      var all = items();
      all.forEach(function (li, k) {
        var moves = li.querySelectorAll(".kc-move");
        moves[0].disabled = k === 0;
        moves[1].disabled = k === all.length - 1;
        li.classList.remove("kc-in-place", "kc-out-of-place");
      });
    }
    list.addEventListener("click", function (ev) {
      var btn = ev.target.closest ? ev.target.closest(".kc-move") : null;
      if (!btn || btn.disabled) { return; }
      var li = btn.closest(".kc-order-item");
      var step = parseInt(btn.getAttribute("data-move"), 10);
      var all = items();
      var k = all.indexOf(li);
      var j = k + step;
      if (j < 0 || j >= all.length) { return; }
      if (step < 0) { list.insertBefore(li, all[j]); } else { list.insertBefore(all[j], li); }
      refresh();
      hideFeedback(q);
      var text = byId(li.id + "-text").textContent;
      status.textContent = "Moved \u201c" + text + "\u201d to position " + (j + 1) + " of " + all.length + ".";
      var same = li.querySelectorAll(".kc-move")[step < 0 ? 0 : 1];
      (same.disabled ? li.querySelectorAll(".kc-move")[step < 0 ? 1 : 0] : same).focus();
    });
    byId(q.id + "-submit").addEventListener("click", function () {
      hideFeedback(q);
      status.textContent = "";
      var all = items();
      var right = 0;
      all.forEach(function (li, k) {
        var ok = parseInt(li.getAttribute("data-position"), 10) === k;
        if (ok) { right += 1; }
        li.classList.toggle("kc-in-place", ok);
        li.classList.toggle("kc-out-of-place", !ok);
      });
      var done = right === all.length;
      if (done) {
        reveal(byId(q.id + "-fb-correct"));
        if (details) { details.open = true; }
      } else {
        var fb = byId(q.id + "-fb-wrong");
        fb.querySelector(".kc-order-count").textContent = String(right);
        reveal(fb);
      }
      q.setAttribute("data-kc-state", done ? "right" : "wrong");
    });
  }

  /* ---- branching cases ---------------------------------------------------------------- */
  function initCase(c) {
    var cid = c.getAttribute("data-kc-case");
    var start = c.getAttribute("data-start");
    var steps = {};
    c.querySelectorAll(".kc-case-step").forEach(function (s) { steps[s.getAttribute("data-step")] = s; });
    var summary = byId("case-" + cid + "-end");
    var pathList = byId("case-" + cid + "-path");
    var live = byId("case-" + cid + "-live");
    var restart = byId("case-" + cid + "-restart");
    var path = [];
    c.classList.add("kc-case-js");

    function showStep(stepId, focus) {
      Object.keys(steps).forEach(function (k) { steps[k].hidden = k !== stepId; });
      summary.hidden = stepId !== "end";
      var target = stepId === "end" ? summary : steps[stepId];
      if (!target) { return; }
      target.querySelectorAll(".kc-case-feedback").forEach(function (fb) { fb.hidden = true; });
      target.querySelectorAll(".kc-case-next").forEach(function (b) { b.hidden = true; });
      target.querySelectorAll("button.kc-case-option").forEach(function (b) {
        b.disabled = false;
        b.setAttribute("aria-pressed", "false");
      });
      c.setAttribute("data-kc-step", stepId);
      if (focus) {
        var heading = target.querySelector("[tabindex='-1']");
        if (heading) { heading.focus(); }
      }
    }
    function go(stepId, push) {
      showStep(stepId, true);
      var frag = "#case-" + cid + "-" + stepId;
      if (push && location.hash !== frag) {
        try { history.replaceState(null, "", frag); } catch (e) { /* file:// in some browsers */ }
      }
    }
    function renderPath() {
      while (pathList.firstChild) { pathList.removeChild(pathList.firstChild); }
      path.forEach(function (entry) {
        var tpl = byId(entry.option + "-summary");
        if (tpl) { pathList.appendChild(tpl.cloneNode(true)).removeAttribute("id"); }
      });
      var counts = { best: 0, acceptable: 0, poor: 0 };
      path.forEach(function (e) { counts[e.score] = (counts[e.score] || 0) + 1; });
      byId("case-" + cid + "-tally").textContent = path.length === 0 ?
        "You opened the end of this case directly, so no path is recorded. Restart to work through it." :
        path.length + " decision" + (path.length === 1 ? "" : "s") + ": " + counts.best + " best, " +
        counts.acceptable + " acceptable, " + counts.poor + " poor.";
    }
    c.querySelectorAll("button.kc-case-option").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var step = btn.closest(".kc-case-step");
        step.querySelectorAll(".kc-case-feedback").forEach(function (fb) { fb.hidden = true; });
        step.querySelectorAll("button.kc-case-option").forEach(function (b) {
          b.setAttribute("aria-pressed", b === btn ? "true" : "false");
          b.disabled = true;
        });
        reveal(byId(btn.id + "-fb"));
        path.push({ option: btn.id, score: btn.getAttribute("data-score") });
        var next = byId(btn.id + "-next");
        reveal(next);
        next.focus();
        live.textContent = "Choice recorded. Read the feedback, then continue.";
      });
    });
    c.querySelectorAll(".kc-case-next").forEach(function (btn) {
      btn.addEventListener("click", function (ev) {
        ev.preventDefault();
        var target = btn.getAttribute("data-next");
        if (target === "end") { renderPath(); }
        go(target, true);
        live.textContent = target === "end" ? "Case complete: summary of your path." : "Next step.";
      });
    });
    restart.addEventListener("click", function () {
      path = [];
      go(start, true);
      live.textContent = "Case restarted.";
    });
    function fromHash() {
      var prefix = "#case-" + cid + "-";
      var h = location.hash;
      if (h.indexOf(prefix) === 0) {
        var stepId = decodeURIComponent(h.slice(prefix.length));
        if (steps[stepId] || stepId === "end") {
          if (stepId === "end") { renderPath(); }
          showStep(stepId, false);
          c.scrollIntoView();
          return;
        }
      }
      if (!c.getAttribute("data-kc-step")) { showStep(start, false); }
    }
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  function initRubric(r) {
    var boxes = Array.prototype.slice.call(r.querySelectorAll("input[type=checkbox]"));
    var out = byId(r.id + "-count");
    boxes.forEach(function (b) {
      b.addEventListener("change", function () {
        var n = boxes.filter(function (x) { return x.checked; }).length;
        out.textContent = "You ticked " + n + " of " + boxes.length + " points.";
      });
    });
  }

  function init() {
    document.querySelectorAll(".kc-rubric").forEach(initRubric);
    document.querySelectorAll(".kc-q-numeric").forEach(initNumeric);
    document.querySelectorAll(".kc-q-short").forEach(initShort);
    document.querySelectorAll(".kc-q-ordering").forEach(initOrdering);
    document.querySelectorAll(".kc-case").forEach(initCase);
    document.documentElement.setAttribute("data-kc-assess-ready", "true");
  }

  if (document.readyState === "loading") {
    document.addEventListener("readystatechange", function once() {
      document.removeEventListener("readystatechange", once);
      init();
    });
  } else {
    init();
  }
})();
