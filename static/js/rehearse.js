// The rehearsal timer: Start and Stop, the time shown as it runs; on Stop the check-in's minutes are filled in
// (rounded up), so the client only confirms. Without this script the client types the minutes.
(function () {
  "use strict";
  var timer = document.getElementById("timer");
  if (!timer) return;
  var clock = document.getElementById("timer-clock");
  var toggle = document.getElementById("timer-toggle");
  var minutes = document.getElementById("id_minutes");
  var started = null;
  var elapsed = 0; // ms of earlier runs
  var tick = null;

  function total() { return elapsed + (started ? Date.now() - started : 0); }
  function show() {
    var seconds = Math.floor(total() / 1000);
    var rest = seconds % 60;
    clock.textContent = Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }
  toggle.addEventListener("click", function () {
    if (started) {
      elapsed = total();
      started = null;
      clearInterval(tick);
      toggle.textContent = timer.dataset.stopped;
      if (minutes) minutes.value = Math.max(1, Math.ceil(elapsed / 60000));
      timer.classList.remove("running");
    } else {
      started = Date.now();
      tick = setInterval(show, 1000);
      toggle.textContent = timer.dataset.running;
      timer.classList.add("running");
    }
    show();
  });
  timer.hidden = false;
})();
