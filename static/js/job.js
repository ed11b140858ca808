// Polls a background job's status and updates its page until it has finished.
(function () {
  "use strict";
  const box = document.getElementById("job-status");
  if (!box) {
    return;
  }
  const bar = box.querySelector(".progress-bar");
  const label = box.querySelector("[data-role=label]");
  const note = box.querySelector("[data-role=note]");
  const count = box.querySelector("[data-role=count]");
  // Widths are set from script, not inline styles, which the Content-Security-Policy forbids.
  bar.style.width = bar.parentElement.getAttribute("aria-valuenow") + "%";

  function finish() {
    // Reload once so the server renders the download link or the error and retry button.
    window.location.reload();
  }

  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const job = await response.json();
      bar.style.width = job.progress + "%";
      bar.setAttribute("aria-valuenow", job.progress);
      bar.textContent = job.progress + "%";
      label.textContent = job.status_label;
      note.textContent = job.note || "";
      count.textContent = job.count || "";
      if (job.status === "done" || job.status === "failed") {
        finish();
        return;
      }
    } catch (error) {
      note.textContent = box.dataset.retryText;
    }
    window.setTimeout(poll, 1000);
  }
  window.setTimeout(poll, 500);
})();
