// Progressive enhancement of the job page: poll the job's JSON twin and update the
// progress bar in place (without JavaScript the page refreshes itself every 2 s).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || !window.fetch) { return; }
  var meta = document.querySelector('meta[http-equiv="refresh"]');
  if (meta) { meta.parentNode.removeChild(meta); }
  function text(id, value) { document.getElementById(id).textContent = value; }
  function poll() {
    fetch(box.getAttribute("data-api"), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        text("job-state", job.state);
        text("job-stage", job.stage);
        text("job-count", job.done + " / " + job.total);
        text("job-rate", job.rate_per_s ? job.rate_per_s + " per s" : "");
        text("job-elapsed", job.elapsed_s + " s");
        var bar = document.getElementById("job-progress");
        bar.max = job.total || 1;
        bar.value = job.total ? job.done : 0;
        if (job.state === "queued" || job.state === "running") {
          window.setTimeout(poll, 700);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 500);
})();
