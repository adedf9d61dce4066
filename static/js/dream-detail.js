// A dream's page: the opt-in screen before a distressing video; start a generation without reloading, then ask
// every 2 s how it stands and show the video.
(function () {
  "use strict";
  var root = document.getElementById("dream");
  if (!root) return;
  var status = document.getElementById("job-status");
  var bar = document.getElementById("job-progress");
  var box = document.getElementById("video-box");
  var form = document.getElementById("generate-form");
  var active = ["queued", "submitted", "rendering", "downloading"];
  var timer = null;

  function csrf() {
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // A distressing dream's video waits behind its opt-in screen; "watch" gives it its source and plays it.
  function setUpPlayer() {
    var player = box.querySelector(".player");
    if (!player) return;
    player.querySelector(".watch").addEventListener("click", function () {
      var video = player.querySelector("video.dream-video[data-src]");
      player.classList.add("revealed");
      if (video.dataset.poster) video.poster = video.dataset.poster; // kept aside while the warning stood
      video.controls = true;
      video.src = video.dataset.src;
      var track = video.querySelector("track[data-src]"); // its description waited with it
      if (track) track.src = track.dataset.src;
      video.focus();
      video.play().catch(function () { /* the controls stay to start it */ });
    });
  }

  // A video made while the page is open: the same markup as the server's (from the page's <template>).
  function showVideo(url, poster) {
    var current = box.querySelector("video.dream-video");
    var template = document.getElementById("video-template");
    if ((current && current.dataset.src === url) || !template) return;
    box.textContent = "";
    box.appendChild(template.content.cloneNode(true));
    var video = box.querySelector("video.dream-video");
    if (!video) return; // the viewer skips distressing dreams: the note says so
    video.dataset.src = url;
    if (box.querySelector(".player")) { // behind the warning: the poster waits for "watch" too
      if (poster) video.dataset.poster = poster;
    } else { // a calm dream starts at once, muted
      if (poster) video.poster = poster;
      video.autoplay = true;
      video.src = url;
    }
    setUpPlayer();
  }

  function check() {
    fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        var running = active.indexOf(body.status) !== -1;
        var failed = body.status === "failed";
        var text = failed ? "" : body.state_label || body.status;
        if (running) text += " · " + Math.round((body.progress || 0) * 100) + "%";
        if (failed && root.dataset.clientFailed) text = root.dataset.clientFailed; // no technical cause for the client
        else if (body.error) text += (failed ? "" : " — ") + body.error;
        status.textContent = text;
        status.classList.toggle("failed", failed);
        if (failed) { // labelled as the server renders it: "Video failed — why"
          var label = document.createElement("strong");
          label.textContent = root.dataset.failedLabel;
          status.prepend(label, " — ");
        }
        bar.hidden = !running;
        bar.value = body.progress || 0;
        if (body.status === "ready" && body.video_url) showVideo(body.video_url, body.poster_url);
        if (body.status === "withdrawn") box.textContent = ""; // consent withdrawn meanwhile: the video is gone
        if (running) timer = setTimeout(check, 2000);
      })
      .catch(function () { timer = setTimeout(check, 5000); });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, { method: "POST", body: new FormData(form), headers: { "X-CSRFToken": csrf() } })
        .then(function (response) { return response.json(); })
        .then(function (body) {
          if (body.status !== "processing") { status.textContent = body.error || ""; return; }
          clearTimeout(timer);
          check();
        });
    });
  }
  setUpPlayer();
  if (active.indexOf(root.dataset.jobState) !== -1) check();
})();
