// Updates the step and percentage of each scan on the dossier page while
// digitization runs; reloads once every scan has finished, to show the
// quality flags and the PDF/A link. Plain ES5 for old browsers.
(function () {
  var card = document.getElementById("scans");
  if (!card || !card.getAttribute("data-running")) { return; }
  var url = card.getAttribute("data-progress-url");
  function update(scans) {
    var running = false;
    for (var i = 0; i < scans.length; i++) {
      var s = scans[i];
      var row = card.querySelector('[data-scan="' + s.pk + '"]');
      if (!row) { continue; }
      row.querySelector(".scan-status").textContent = s.status_label;
      row.querySelector(".scan-progress").value = s.progress;
      row.querySelector(".scan-step").textContent = s.step ? s.step + " · " + s.progress + "%" : "";
      if (s.status === "queued" || s.status === "processing") { running = true; }
    }
    if (running) { setTimeout(poll, 2000); } else { window.location.reload(); }
  }
  function poll() {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", url);
    xhr.onload = function () {
      if (xhr.status === 200) { update(JSON.parse(xhr.responseText).scans); }
      else { setTimeout(poll, 5000); }
    };
    xhr.onerror = function () { setTimeout(poll, 5000); };
    xhr.send();
  }
  setTimeout(poll, 1500);
})();
