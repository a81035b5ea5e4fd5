// A bid file being read: polls its job's status and updates the progress bar and the counts in place, then loads the
// page again for the result. Without JavaScript the page refreshes itself (a <meta> refresh inside <noscript>).
(function () {
  var job = document.getElementById('job');
  if (!job) { return; }
  var bar = document.getElementById('job-progress');
  function show(id, text) {
    var element = document.getElementById(id);
    if (element && element.textContent !== String(text)) { element.textContent = text; }
  }
  function poll() {
    fetch(job.getAttribute('data-status'), {headers: {'Accept': 'application/json'}, cache: 'no-store'})
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (status) {
        if (status.state === 'DONE' || status.state === 'FAILED') { window.location.reload(); return; }
        if (status.pagesTotal) { bar.max = status.pagesTotal; bar.value = status.pagesRead; }
        show('pages-read', status.pagesRead);
        show('pages-total', status.pagesTotal == null ? '?' : status.pagesTotal);
        show('certificates-found', status.certificatesFound);
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
