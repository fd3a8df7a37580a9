// Keyboard navigation for the deck: arrows / space / PageUp / PageDown, Home / End,
// R replays the clip, F toggles full screen. The slide number lives in the URL (#3),
// so a reload or a link keeps the place. Each slide's clip plays when it is shown.
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var counter = document.querySelector(".counter");
  var current = -1;

  function show(i) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    if (i === current) return;
    slides.forEach(function (s, k) {
      var v = s.querySelector("video");
      if (k === i) { s.classList.add("current"); }
      else { s.classList.remove("current"); if (v) { v.pause(); } }
    });
    current = i;
    var v = slides[i].querySelector("video");
    if (v) { play(v, true); }
    if (counter) { counter.textContent = (i + 1) + " / " + slides.length; }
    if (location.hash !== "#" + (i + 1)) { history.replaceState(null, "", "#" + (i + 1)); }
    document.body.setAttribute("data-slide", String(i + 1));
  }

  function play(v, restart) {
    if (restart) { try { v.currentTime = 0; } catch (e) {} }
    var p = v.play();
    if (p && p.catch) { p.catch(function () { /* autoplay refused: the controls still work */ }); }
  }

  function fromHash() {
    var n = parseInt((location.hash || "#1").slice(1), 10);
    return isNaN(n) ? 0 : n - 1;
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": case " ": case "Enter": case "n":
        show(current + 1); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": case "Backspace": case "p":
        show(current - 1); break;
      case "Home": show(0); break;
      case "End": show(slides.length - 1); break;
      case "r": case "R":
        var v = slides[current].querySelector("video"); if (v) { play(v, true); } break;
      case "f": case "F":
        if (document.fullscreenElement) { document.exitFullscreen(); }
        else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
        break;
      default: return;
    }
    e.preventDefault();
  });
  window.addEventListener("hashchange", function () { show(fromHash()); });
  show(fromHash());
})();
