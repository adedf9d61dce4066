// The dream form: live preview of the exact prompt that would leave the server, with removed parts marked.
(function () {
  "use strict";
  var form = document.getElementById("dream-form");
  if (!form) return;
  var out = document.getElementById("prompt-preview");
  var redacted = document.getElementById("redacted-text");
  var note = document.getElementById("preview-note");
  var suggested = document.getElementById("suggested-symbols");
  var distress = document.getElementById("distress-hint");
  var section = out.closest(".preview");
  var updating = document.getElementById("preview-status");
  var timer = null;
  var lastSymbols = [];
  var latest = 0; // only the answer to the latest request is shown: an older, slower one must not overwrite it

  function value(name) {
    var checked = form.querySelector("[name=" + name + "]:checked");
    if (checked) return checked.value;
    var field = form.querySelector("[name=" + name + "]");
    return field && field.type !== "radio" && field.type !== "checkbox" ? field.value : "";
  }

  // The server sends the text in pieces, the removed ones with their kind: nothing here counts characters, so
  // emoji, blank lines and Windows line ends cannot shift a mark.
  function showRedactions(segments) {
    redacted.textContent = "";
    if (!segments.some(function (s) { return s.kind; })) { redacted.hidden = true; return; }
    segments.forEach(function (s) {
      if (!s.kind) { redacted.appendChild(document.createTextNode(s.text)); return; }
      var mark = document.createElement("mark");
      mark.title = s.kind;
      mark.dataset.kind = s.kind;
      mark.textContent = s.text;
      redacted.appendChild(mark);
    });
    redacted.hidden = false;
  }

  // From the first keystroke until the latest request is answered, the preview says it is not current yet.
  function busy(on) {
    updating.hidden = !on;
    section.setAttribute("aria-busy", on ? "true" : "false");
    out.classList.toggle("stale", on);
  }

  function refresh() {
    var data = new FormData(form);
    var request = ++latest;
    busy(true);
    fetch(form.dataset.previewUrl, { method: "POST", body: data, headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (request !== latest) return;
        busy(false);
        if (body.error) { out.textContent = body.error; redacted.hidden = true; return; }
        out.textContent = body.prompt;
        note.textContent = body.leaves_server ? form.dataset.remoteNote : form.dataset.localNote;
        showRedactions(body.segments || []);
        lastSymbols = body.symbols || [];
        if (!value("symbols") && lastSymbols.length) {
          suggested.querySelector("span").textContent = lastSymbols.join(", ");
          suggested.hidden = false;
        } else {
          suggested.hidden = true;
        }
        distress.hidden = !body.distressing;
      })
      .catch(function () { if (request === latest) { busy(false); out.textContent = ""; } });
  }

  function schedule() {
    busy(true);
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  document.getElementById("use-suggested").addEventListener("click", function () {
    form.querySelector("[name=symbols]").value = lastSymbols.join(", ");
    suggested.hidden = true;
    schedule();
  });
  refresh();
})();
