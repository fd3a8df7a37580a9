// Keyboard navigation for the deck, beat by beat.
//
// A clip slide knows its beats (data-beats: [[start, end], ...] in seconds): the right arrow, space,
// Page Down or a clicker plays the next beat and pauses on its last frame; the left arrow goes back to
// the previous beat's start (the end of the beat before it); past the last beat, or before the first,
// they move to the next or previous slide. P toggles "play through" (the clip plays on without
// stopping), R replays the slide from its start, F toggles full screen, S shows the speaker notes (the
// next beat's sentences). The place lives in the URL (#3 or #3.2: slide 3, 2 beats played), so a reload
// or a link keeps it.
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var counter = document.querySelector(".counter");
  var current = -1;        // slide shown
  var done = 0;            // beats of the current clip played to their end
  var stopAt = null;       // the time the playing beat ends at
  var through = false;     // play through: no stop at beats
  var EPS = 0.02;

  function beatsOf(slide) {
    try { return JSON.parse(slide.getAttribute("data-beats") || "[]"); } catch (e) { return []; }
  }
  function video() { return current >= 0 ? slides[current].querySelector("video") : null; }

  function notes() {
    var slide = slides[current];
    var list = slide.querySelectorAll(".beat-notes li");
    var pane = document.querySelector(".speaker");
    if (!pane) return;
    var next = list[done];
    pane.textContent = next ? (next.getAttribute("data-label") + ": " + next.textContent) : pane.getAttribute("data-end");
  }

  function state() {
    var tag = "#" + (current + 1) + (done ? "." + done : "");
    if (location.hash !== tag) { history.replaceState(null, "", tag); }
    document.body.setAttribute("data-slide", String(current + 1));
    document.body.setAttribute("data-beat", String(done));
    document.body.setAttribute("data-through", through ? "1" : "0");
    if (counter) {
      var n = beatsOf(slides[current]).length;
      counter.textContent = (current + 1) + " / " + slides.length + (n ? " · " + done + "/" + n : "");
    }
    notes();
  }

  function seek(v, t) { try { v.currentTime = Math.max(0, t); } catch (e) {} }

  function tick() {
    var v = video();
    if (!v || stopAt === null) return;
    if (v.currentTime >= stopAt - EPS || v.ended) {
      v.pause();
      seek(v, stopAt - EPS);   // the beat's last frame: it ends in a hold, so every frame there is the same
      stopAt = null;
      document.body.setAttribute("data-paused", "1");
      return;
    }
    (v.requestVideoFrameCallback ? v.requestVideoFrameCallback.bind(v) : window.requestAnimationFrame)(tick);
  }

  function play(v, until) {
    stopAt = through ? null : until;
    document.body.setAttribute("data-paused", "0");
    var p = v.play();
    if (p && p.catch) { p.catch(function () { /* autoplay refused: the controls still work */ }); }
    if (stopAt !== null) { tick(); }
  }

  function show(i, beats) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach(function (s, k) {
      var v = s.querySelector("video");
      if (k === i) { s.classList.add("current"); }
      else { s.classList.remove("current"); if (v) { v.pause(); } }
    });
    current = i;
    stopAt = null;
    var v = video();
    var list = beatsOf(slides[i]);
    done = Math.max(0, Math.min(list.length, beats || 0));
    if (v) {
      if (done > 0) { v.pause(); seek(v, list[done - 1][1] - EPS); document.body.setAttribute("data-paused", "1"); }
      else { seek(v, 0); if (list.length) { play(v, list[0][1]); done = 1; } else { play(v, null); } }
    }
    state();
  }

  function next() {
    var v = video();
    var list = current >= 0 ? beatsOf(slides[current]) : [];
    if (v && done < list.length && !through) {
      seek(v, list[done][0]);
      play(v, list[done][1]);
      done += 1;
      state();
    } else {
      show(current + 1, 0);
    }
  }

  function previous() {
    var v = video();
    var list = current >= 0 ? beatsOf(slides[current]) : [];
    if (v && done > 1 && !through) {
      done -= 1;
      stopAt = null;
      v.pause();
      seek(v, list[done][0]);        // the previous beat's start: the end of the beat before it
      document.body.setAttribute("data-paused", "1");
      state();
    } else if (current > 0) {
      var before = beatsOf(slides[current - 1]).length;
      show(current - 1, before);     // the previous slide, on its last frame
    }
  }

  // the last beat ends with the clip: no frame comes after it to check the time on
  slides.forEach(function (s) {
    var v = s.querySelector("video");
    if (v) {
      v.addEventListener("ended", function () {
        if (slides[current] === s) { stopAt = null; document.body.setAttribute("data-paused", "1"); }
      });
    }
  });

  function fromHash() {
    var m = /^#(\d+)(?:\.(\d+))?$/.exec(location.hash || "#1");
    return m ? [parseInt(m[1], 10) - 1, m[2] ? parseInt(m[2], 10) : 0] : [0, 0];
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": case " ": case "Enter": case "n":
        next(); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": case "Backspace":
        previous(); break;
      case "Home": show(0, 0); break;
      case "End": show(slides.length - 1, 0); break;
      case "p": case "P":
        through = !through;
        var v = video();
        if (through && v) { stopAt = null; play(v, null); done = beatsOf(slides[current]).length; }
        state(); break;
      case "r": case "R": show(current, 0); break;
      case "s": case "S":
        document.body.classList.toggle("with-notes"); break;
      case "f": case "F":
        if (document.fullscreenElement) { document.exitFullscreen(); }
        else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
        break;
      default: return;
    }
    e.preventDefault();
  });
  window.addEventListener("hashchange", function () {
    var h = fromHash();
    if (h[0] !== current || h[1] !== done) { show(h[0], h[1]); }
  });
  var h = fromHash();
  show(h[0], h[1]);
})();
