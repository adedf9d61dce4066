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
  var timer = null;
  var lastSymbols = [];

  function value(name) {
    var checked = form.querySelector("[name=" + name + "]:checked");
    if (checked) return checked.value;
    var field = form.querySelector("[name=" + name + "]");
    return field && field.type !== "radio" && field.type !== "checkbox" ? field.value : "";
  }

  function showRedactions(text, redactions) {
    redacted.textContent = "";
    if (!redactions.length) { redacted.hidden = true; return; }
    var at = 0;
    redactions.forEach(function (r) {
      redacted.appendChild(document.createTextNode(text.slice(at, r.start)));
      var mark = document.createElement("mark");
      mark.title = r.kind;
      mark.textContent = text.slice(r.start, r.end);
      redacted.appendChild(mark);
      at = r.end;
    });
    redacted.appendChild(document.createTextNode(text.slice(at)));
    redacted.hidden = false;
  }

  function refresh() {
    var data = new FormData(form);
    fetch(form.dataset.previewUrl, { method: "POST", body: data, headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (body.error) { out.textContent = body.error; redacted.hidden = true; return; }
        out.textContent = body.prompt;
        note.textContent = body.leaves_server ? form.dataset.remoteNote : form.dataset.localNote;
        var mode = value("privacy_mode");
        showRedactions(value("content"), mode === "anonymized" ? body.redactions : []);
        lastSymbols = body.symbols || [];
        if (!value("symbols") && lastSymbols.length) {
          suggested.querySelector("span").textContent = lastSymbols.join(", ");
          suggested.hidden = false;
        } else {
          suggested.hidden = true;
        }
        distress.hidden = !body.distressing;
      })
      .catch(function () { out.textContent = ""; });
  }

  function schedule() {
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
