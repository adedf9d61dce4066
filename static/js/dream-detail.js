// A dream's page: start a generation without reloading, then ask every 2 s how it stands and show the video.
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

  function showVideo(url, poster) {
    var current = box.querySelector("video");
    if (current && current.dataset.src === url) return;
    box.textContent = "";
    var video = document.createElement("video");
    video.className = "dream-video";
    video.controls = true; video.muted = true; video.loop = true; video.playsInline = true; video.autoplay = true;
    video.dataset.src = url;
    if (poster) video.poster = poster;
    video.src = url;
    box.appendChild(video);
    var label = document.createElement("p");
    label.className = "ai-label";
    label.textContent = root.dataset.aiLabel || "AI";
    box.appendChild(label);
  }

  function check() {
    fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        var running = active.indexOf(body.status) !== -1;
        var text = body.state_label || body.status;
        if (running) text += " · " + Math.round((body.progress || 0) * 100) + "%";
        if (body.error) text += " — " + body.error;
        status.textContent = text;
        bar.hidden = !running;
        bar.value = body.progress || 0;
        if (body.status === "ready" && body.video_url) showVideo(body.video_url, body.poster_url);
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
  if (active.indexOf(root.dataset.jobState) !== -1) check();
})();
