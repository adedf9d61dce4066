// The swipeable feed: play the dream in view, pause it on a tap (or Space), mark it a favourite on a double tap, keep
// at most three <video> sources, remember the sound choice, ask before a distressing dream plays, fetch the next page
// near the end, offer new dreams that came in at the top, and say so when something fails.
(function () {
  "use strict";
  var feed = document.getElementById("feed");
  Array.prototype.forEach.call(document.querySelectorAll("[data-autosubmit]"), function (box) {
    box.addEventListener("change", function () { box.form.submit(); });
  });
  setUpMenu();
  if (!feed) return;

  var SOUND_KEY = "dreamtok-sound";
  var SIGNED_OUT = new Error("signed out");
  var RETRY_AFTER = 10000; // ms between two attempts to renew an item's links
  var DOUBLE_TAP = 300; // ms within which a second tap is a double tap
  var CHECK_EVERY = 60000; // ms between two looks for new dreams at the top
  var reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var notice = document.getElementById("feed-notice");
  var pill = document.getElementById("new-pill");
  var freshPage = null; // the first page as it is now, when it brought dreams this page does not have
  var checking = false;
  var current = null;
  var loading = false;
  var aimed = null; // the item a key press is scrolling to
  var signedOut = false; // once the session has ended, the notice says so and nothing replaces it

  function items() { return Array.prototype.slice.call(feed.querySelectorAll(".feed-item")); }
  function videoOf(item) { return item.querySelector("video.clip[data-src]"); }
  function wantSound() { return sessionStorage.getItem(SOUND_KEY) === "on"; }
  function blocked(item) { return item.classList.contains("distressing") && !item.classList.contains("revealed"); }

  // One line at the top of the feed, with an optional link or button.
  function tell(message, action) {
    var link = notice.querySelector("a");
    var button = notice.querySelector("button");
    notice.querySelector("span").textContent = message;
    link.hidden = !(action && action.href);
    button.hidden = !(action && action.run);
    if (action && action.href) { link.href = action.href; link.textContent = action.label; }
    if (action && action.run) {
      button.textContent = action.label;
      button.onclick = function () { notice.hidden = true; action.run(); };
    }
    notice.hidden = false;
  }

  // Signed out, every later failure follows from it: only signing in again helps, so that notice stays.
  function failed(error, message, retry) {
    if (error === SIGNED_OUT) {
      signedOut = true;
      var next = encodeURIComponent(location.pathname + location.search);
      tell(feed.dataset.signedOut, { label: feed.dataset.signIn, href: feed.dataset.loginUrl + "?next=" + next });
    } else if (!signedOut) {
      tell(message, retry ? { label: feed.dataset.retry, run: retry } : null);
    }
  }

  // A failure said earlier is over; the end of the session is not.
  function recovered() {
    if (!signedOut) notice.hidden = true;
  }

  // A fetch that fails loudly: SIGNED_OUT when the session has ended, an Error for any other answer but 2xx.
  function request(url, accept, options) {
    options = options || {};
    options.headers = { Accept: accept, "X-Requested-With": "fetch" };
    options.credentials = "same-origin";
    return fetch(url, options).then(function (response) {
      var toSignIn = response.redirected && response.url.indexOf(feed.dataset.loginUrl) !== -1;
      if (response.status === 401 || toSignIn) throw SIGNED_OUT;
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response;
    });
  }

  // The feed items (and the next-page marker) of an HTML fragment; anything else, such as a whole page, is refused.
  function fragment(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var nodes = Array.prototype.slice.call(holder.children).filter(function (node) {
      return node.matches(".feed-item, .feed-more, .feed-end");
    });
    if (holder.children.length && nodes.length !== holder.children.length) throw new Error("not a feed fragment");
    return nodes;
  }

  // Behind the opt-in screen a distressing dream's poster is kept aside with its video; "watch" shows both.
  function setPoster(item, url) {
    var video = videoOf(item);
    var backdrop = item.querySelector(".backdrop");
    if (blocked(item)) { video.dataset.poster = url; backdrop.dataset.src = url; return; }
    video.poster = url;
    backdrop.src = url;
  }

  function attach(item, preload) {
    var video = videoOf(item);
    if (blocked(item)) { detach(item); return; }
    video.preload = preload;
    if (video.getAttribute("src") !== video.dataset.src) video.src = video.dataset.src;
    var track = video.querySelector("track[data-src]"); // its description, fetched with the video, not before
    if (track && !track.hasAttribute("src")) track.src = track.dataset.src;
  }

  function detach(item) {
    var video = videoOf(item);
    if (!video.hasAttribute("src")) return;
    video.pause();
    video.removeAttribute("src");
    video.load(); // releases the decoder and its buffers
  }

  // The button shows what is heard, which is not always what was chosen: the browser may refuse sound.
  function showSound(item) {
    var button = item.querySelector(".sound");
    if (!button) return; // a clip without sound has no sound control
    var on = !videoOf(item).muted;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? feed.dataset.soundOn : feed.dataset.soundOff;
  }

  function play(item) {
    var video = videoOf(item);
    var button = item.querySelector(".play-button");
    if (blocked(item)) return;
    video.muted = !wantSound();
    showSound(item);
    if (item.dataset.paused || (reducedMotion && !item.dataset.userStarted)) { button.hidden = false; return; }
    button.hidden = true; // at once, as the tap is answered; a refusal below shows it again
    var attempt = video.play();
    if (!attempt || !attempt.then) return;
    attempt.then(function () { button.hidden = true; }, function () {
      if (item !== current) return;
      if (video.error) { refresh(item); return; }
      if (video.muted) { button.hidden = false; return; }
      // Sound refused before any tap on this page: play muted and show it muted; the sound button turns it on.
      video.muted = true;
      showSound(item);
      video.play().then(function () { button.hidden = true; }, function () { button.hidden = false; });
    });
  }

  function whenPlaying(item, run) {
    var video = videoOf(item);
    var done = false;
    function once() { if (!done) { done = true; run(); } }
    if (!video.paused && video.readyState >= 3) { once(); return; }
    video.addEventListener("playing", once, { once: true });
    setTimeout(once, 1500); // a dream that waits (behind its warning, for its play button) holds the next one no longer
  }

  function activate(item) {
    if (item === current) return;
    var list = items();
    var index = list.indexOf(item);
    var previous = list.indexOf(current);
    // A key's scroll passes items on its way; arriving at its target, or anywhere off the way, ends it, so the next
    // key starts from here even where no scrollend event comes (Safari).
    if (aimed !== null && (index === aimed || Math.abs(index - aimed) >= Math.abs(previous - aimed))) aimed = null;
    current = item;
    delete item.dataset.paused; // a dream swiped to plays, whatever was done to it before
    list.forEach(function (other, i) {
      if (Math.abs(i - index) > 1) detach(other);
      else if (i !== index) videoOf(other).pause();
    });
    attach(item, "auto");
    play(item);
    // The neighbours load once this dream plays: until its first frame the whole connection is its own.
    whenPlaying(item, function () {
      if (current !== item) return;
      if (list[index + 1]) attach(list[index + 1], "auto");
      if (list[index - 1]) attach(list[index - 1], "none");
    });
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
    video.addEventListener("error", function () { if (video.hasAttribute("src")) refresh(item); });
    item.querySelector(".backdrop").addEventListener("error", function () { refresh(item); });
    item.querySelector(".stage").addEventListener("click", function (event) {
      if (event.target.closest("button, a, form, .warning")) return;
      tapped(item);
    });
    var sound = item.querySelector(".sound");
    if (sound) sound.addEventListener("click", function () { toggleSound(item); });
    item.querySelector(".play-button").addEventListener("click", function () { resume(item); });
    var watch = item.querySelector(".warning .watch");
    if (watch) {
      watch.addEventListener("click", function () {
        item.classList.add("revealed");
        setPoster(item, videoOf(item).dataset.poster);
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

  // Signed links live an hour: when one has expired (or failed otherwise), ask for the item's links again. A second
  // failure soon after is not an expired link, and is said once rather than retried for ever.
  function refresh(item) {
    if (item.dataset.refreshing) return;
    if (Date.now() - Number(item.dataset.refreshedAt || 0) < RETRY_AFTER) {
      if (item === current) failed(null, feed.dataset.videoFailed);
      return;
    }
    item.dataset.refreshing = "1";
    item.dataset.refreshedAt = String(Date.now());
    var query = "?tab=" + encodeURIComponent(feed.dataset.tab) + "&dream=" + encodeURIComponent(item.dataset.dream);
    request(feed.dataset.itemsUrl + query, "text/html")
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = fragment(html)[0];
        if (!fresh || !fresh.matches(".feed-item")) throw new Error("the dream has left the feed");
        var video = videoOf(item);
        var freshVideo = videoOf(fresh);
        video.dataset.src = freshVideo.dataset.src;
        setPoster(item, freshVideo.getAttribute("poster") || freshVideo.dataset.poster);
        if (video.hasAttribute("src")) {
          video.src = video.dataset.src;
          if (item === current) play(item);
        }
        recovered();
      })
      .catch(function (error) { if (item === current) failed(error, feed.dataset.videoFailed); })
      .then(function () { delete item.dataset.refreshing; });
  }

  function resume(item) {
    delete item.dataset.paused;
    item.dataset.userStarted = "1";
    play(item);
  }

  // A tap on the video, or Space, pauses the dream in view and shows the play glyph; the next one plays it on.
  function togglePause(item) {
    var video = videoOf(item);
    if (blocked(item)) return;
    if (video.paused) { resume(item); return; }
    item.dataset.paused = "1";
    video.pause();
    item.querySelector(".play-button").hidden = false;
  }

  function toggleSound(item) {
    var video = videoOf(item);
    var on = video.muted; // the button turns on the sound that is not heard now, and the choice sticks
    sessionStorage.setItem(SOUND_KEY, on ? "on" : "off");
    video.muted = !on;
    showSound(item);
    // A video the browser would not start plays with this tap; one the user paused stays paused.
    if (video.paused && !blocked(item) && !item.dataset.paused) { item.dataset.userStarted = "1"; play(item); }
  }

  // A tap pauses or plays at once; a second tap soon after takes that back and marks the dream a favourite (without
  // favourites, as in a therapist's feed, every tap pauses or plays).
  function tapped(item) {
    var now = Date.now();
    var form = item.querySelector(".favourite-form");
    if (form && now - (item.lastTap || 0) < DOUBLE_TAP) {
      item.lastTap = 0;
      togglePause(item);
      burst(item);
      saveFavourite(form, "on");
      return;
    }
    item.lastTap = now;
    togglePause(item);
  }

  // The heart over the video (its animation starts again on every double tap).
  function burst(item) {
    var heart = item.querySelector(".heart-burst");
    heart.hidden = true;
    void heart.offsetWidth; // a reflow between, or the browser keeps the finished animation
    heart.hidden = false;
    clearTimeout(heart.timer);
    heart.timer = setTimeout(function () { heart.hidden = true; }, 1000);
  }

  // state: "on" marks (a double tap never unmarks), none toggles (the heart button).
  function saveFavourite(form, state) {
    var button = form.querySelector("button");
    var body = new FormData(form);
    if (state) body.set("state", state);
    request(form.action, "application/json", { method: "POST", body: body })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (typeof answer.favourite !== "boolean") throw new Error("an unexpected answer");
        button.setAttribute("aria-pressed", answer.favourite ? "true" : "false");
        button.textContent = answer.favourite ? "♥" : "♡";
      })
      .catch(function (error) { failed(error, feed.dataset.favouriteFailed); });
  }

  function toggleFavourite(event) {
    event.preventDefault();
    saveFavourite(event.target, null);
  }

  // Look at the first page again; when it has dreams this page lacks, the pill offers them.
  function checkNew() {
    if (checking || document.hidden || !pill) return;
    checking = true;
    request(feed.dataset.itemsUrl + "?tab=" + encodeURIComponent(feed.dataset.tab), "text/html")
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var nodes = fragment(html);
        var known = items().map(function (item) { return item.dataset.dream; });
        var added = nodes.some(function (node) {
          return node.matches(".feed-item") && known.indexOf(node.dataset.dream) === -1;
        });
        if (added) { freshPage = nodes; pill.hidden = false; }
      })
      .catch(function () { /* a look that fails says nothing: the next one tries again */ })
      .then(function () { checking = false; });
  }

  // The new first page replaces the feed, from the top.
  function showNew() {
    if (!freshPage) return;
    items().forEach(detach);
    observer.disconnect();
    feed.textContent = "";
    freshPage.forEach(function (node) { feed.appendChild(node); });
    freshPage = null;
    pill.hidden = true;
    current = null;
    aimed = null;
    feed.scrollTop = 0;
    items().forEach(setUp);
    setUpEnd();
    var first = items()[0];
    if (first) first.focus({ preventScroll: true });
  }

  // The last card: its first link goes back to the newest dream without a reload, and reaching it looks for new ones.
  function setUpEnd() {
    var end = feed.querySelector(".feed-end");
    if (!end || end.dataset.ready) return;
    end.dataset.ready = "1";
    end.querySelector(".back-to-top").addEventListener("click", function (event) {
      event.preventDefault();
      if (freshPage) { showNew(); return; }
      go(-items().length);
      checkNew();
    });
    endObserver.observe(end);
  }

  var endObserver = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) { if (entry.isIntersecting) checkNew(); });
  }, { root: feed, threshold: [0.6] });

  function go(step, from) {
    var list = items();
    // From where the last key aimed while its scroll is still under way, else from the item in view.
    var at = from ? list.indexOf(from) : aimed !== null ? aimed : Math.round(feed.scrollTop / Math.max(1, feed.clientHeight));
    var index = Math.max(0, at + step);
    var target = list[index];
    if (!target && index === list.length) target = feed.querySelector(".feed-end"); // past the last: the end card
    if (!target) return;
    aimed = target.matches(".feed-item") ? index : null;
    target.scrollIntoView({ behavior: reducedMotion ? "auto" : "smooth", block: "start" });
    target.focus({ preventScroll: true });
  }

  function loadMore() {
    var more = feed.querySelector(".feed-more[data-next]");
    if (!more || loading) return;
    loading = true;
    feed.setAttribute("aria-busy", "true");
    request(more.dataset.next, "text/html")
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var nodes = fragment(html);
        more.remove();
        nodes.forEach(function (node) { feed.appendChild(node); });
        items().forEach(setUp);
        setUpEnd();
        recovered();
      })
      .catch(function (error) { failed(error, feed.dataset.loadFailed, loadMore); }) // the marker stays for a retry
      .then(function () { loading = false; feed.setAttribute("aria-busy", "false"); });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return; // the browser's and the system's shortcuts
    if (event.target.closest("input, textarea, select")) return;
    if (event.key === "ArrowDown" || event.key === "j") { event.preventDefault(); go(1); }
    if (event.key === "ArrowUp" || event.key === "k") { event.preventDefault(); go(-1); }
    // Space pauses and plays, unless it presses a focused button or link (its own meaning there).
    if (event.key === " " && current && !event.target.closest("button, a, summary")) {
      event.preventDefault();
      if (!event.repeat) togglePause(current);
    }
  });
  feed.addEventListener("scrollend", function () { aimed = null; });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) checkNew();
    if (!current) return;
    if (document.hidden) videoOf(current).pause();
    else play(current);
  });

  items().forEach(setUp);
  setUpEnd();
  if (pill) {
    pill.addEventListener("click", showNew);
    setInterval(checkNew, CHECK_EVERY);
  }

  // On a phone the header's menu button opens the rest (other pages, signing out, language, skipping); a tap
  // elsewhere or Escape closes it. Without this script the menu's contents stand in the header.
  function setUpMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("feed-menu");
    if (!toggle || !menu) return;
    function show(open) {
      menu.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    toggle.hidden = false;
    toggle.addEventListener("click", function () { show(!menu.classList.contains("open")); });
    document.addEventListener("click", function (event) {
      if (!event.target.closest(".menu-toggle, #feed-menu")) show(false);
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") show(false); });
  }
})();
