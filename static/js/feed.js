// The swipeable feed: play the dream in view, keep at most three <video> sources, remember the sound choice,
// ask before a distressing dream plays, and fetch the next page near the end.
(function () {
  "use strict";
  var feed = document.getElementById("feed");
  var skipBox = document.querySelector("[data-autosubmit]");
  if (skipBox) skipBox.addEventListener("change", function () { skipBox.form.submit(); });
  if (!feed) return;

  var SOUND_KEY = "dreamtok-sound";
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var current = null;
  var loading = false;
  var aimed = null; // the item a key press is scrolling to

  function items() { return Array.prototype.slice.call(feed.querySelectorAll(".feed-item")); }
  function videoOf(item) { return item.querySelector("video.clip[data-src]"); }
  function soundOn() { return sessionStorage.getItem(SOUND_KEY) === "on"; }
  function blocked(item) { return item.classList.contains("distressing") && !item.classList.contains("revealed"); }

  function attach(item, preload) {
    var video = videoOf(item);
    if (blocked(item)) { detach(item); return; }
    video.preload = preload;
    if (video.getAttribute("src") !== video.dataset.src) video.src = video.dataset.src;
  }

  function detach(item) {
    var video = videoOf(item);
    if (!video.hasAttribute("src")) return;
    video.pause();
    video.removeAttribute("src");
    video.load(); // releases the decoder and its buffers
  }

  function showSound(item) {
    var button = item.querySelector(".sound");
    var on = soundOn();
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? feed.dataset.soundOn : feed.dataset.soundOff;
  }

  function play(item) {
    var video = videoOf(item);
    var button = item.querySelector(".play-button");
    if (blocked(item)) return;
    video.muted = !soundOn();
    showSound(item);
    if (reducedMotion && !item.dataset.userStarted) { button.hidden = false; return; }
    var attempt = video.play();
    if (attempt && attempt.then) {
      attempt.then(function () { button.hidden = true; }).catch(function () {
        if (item !== current) return;
        if (!video.muted) { // sound refused before any gesture: try muted, else offer a play button
          video.muted = true;
          video.play().then(function () { button.hidden = true; }).catch(function () { button.hidden = false; });
        } else {
          button.hidden = false;
        }
      });
    }
  }

  function activate(item) {
    if (item === current) return;
    current = item;
    var list = items();
    var index = list.indexOf(item);
    list.forEach(function (other, i) {
      if (Math.abs(i - index) > 1) detach(other);
      else if (i !== index) { videoOf(other).pause(); attach(other, i === index + 1 ? "auto" : "none"); }
    });
    attach(item, "auto");
    play(item);
    if (index >= list.length - 3) loadMore();
  }

  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting && entry.intersectionRatio >= 0.6) activate(entry.target);
    });
  }, { root: feed, threshold: [0.6] });

  function setUp(item) {
    if (item.dataset.ready) return;
    item.dataset.ready = "1";
    var video = videoOf(item);
    var bar = item.querySelector(".progress span");
    video.addEventListener("timeupdate", function () {
      if (video.duration) bar.style.width = (100 * video.currentTime / video.duration) + "%";
    });
    item.querySelector(".stage").addEventListener("click", function (event) {
      if (event.target.closest("button, a, form, .warning")) return;
      toggleSound(item);
    });
    item.querySelector(".sound").addEventListener("click", function () { toggleSound(item); });
    item.querySelector(".play-button").addEventListener("click", function () {
      item.dataset.userStarted = "1";
      play(item);
    });
    var watch = item.querySelector(".warning .watch");
    if (watch) {
      watch.addEventListener("click", function () {
        item.classList.add("revealed");
        item.dataset.userStarted = "1";
        attach(item, "auto");
        play(item);
      });
      item.querySelector(".warning .skip").addEventListener("click", function () { go(1, item); });
    }
    var favourite = item.querySelector(".favourite-form");
    if (favourite) favourite.addEventListener("submit", toggleFavourite);
    observer.observe(item);
  }

  function toggleSound(item) {
    sessionStorage.setItem(SOUND_KEY, soundOn() ? "off" : "on");
    var video = videoOf(item);
    video.muted = !soundOn();
    showSound(item);
    if (video.paused && !blocked(item)) { item.dataset.userStarted = "1"; play(item); }
  }

  function toggleFavourite(event) {
    event.preventDefault();
    var form = event.target;
    var button = form.querySelector("button");
    fetch(form.action, { method: "POST", body: new FormData(form), headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        button.setAttribute("aria-pressed", body.favourite ? "true" : "false");
        button.textContent = body.favourite ? "♥" : "♡";
      });
  }

  function go(step, from) {
    var list = items();
    // From where the last key aimed while its scroll is still under way, else from the item in view.
    var at = from ? list.indexOf(from) : aimed !== null ? aimed : Math.round(feed.scrollTop / Math.max(1, feed.clientHeight));
    var target = list[at + step];
    if (target) aimed = at + step;
    if (target) {
      target.scrollIntoView({ behavior: reducedMotion ? "auto" : "smooth", block: "start" });
      target.focus({ preventScroll: true });
    }
  }

  function loadMore() {
    var more = feed.querySelector(".feed-more[data-next]");
    if (!more || loading) return;
    loading = true;
    feed.setAttribute("aria-busy", "true");
    fetch(more.dataset.next, { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        more.remove();
        while (holder.firstChild) feed.appendChild(holder.firstChild);
        items().forEach(setUp);
      })
      .catch(function () { /* keep the sentinel: the next scroll tries again */ })
      .then(function () { loading = false; feed.setAttribute("aria-busy", "false"); });
  }

  document.addEventListener("keydown", function (event) {
    if (event.target.closest("input, textarea, select")) return;
    if (event.key === "ArrowDown" || event.key === "j") { event.preventDefault(); go(1); }
    if (event.key === "ArrowUp" || event.key === "k") { event.preventDefault(); go(-1); }
  });
  feed.addEventListener("scrollend", function () { aimed = null; });
  document.addEventListener("visibilitychange", function () {
    if (!current) return;
    if (document.hidden) videoOf(current).pause();
    else play(current);
  });

  items().forEach(setUp);
})();
