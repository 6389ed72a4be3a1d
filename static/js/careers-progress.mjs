// Follows a survey import while it runs: every few seconds, fetch this page again and swap in
// the fresh progress; when the import has finished, load the page with its summary.
// Without JavaScript the page offers a link to check progress instead.
const region = document.querySelector("[data-careers-progress]");

if (region) {
  const interval = Number(region.dataset.interval) || 2000;
  const schedule = () => window.setTimeout(tick, interval);

  async function tick() {
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (!response.ok) {
        schedule();
        return;
      }
      const fresh = new DOMParser()
        .parseFromString(await response.text(), "text/html")
        .querySelector("[data-careers-progress]");
      if (fresh) {
        region.innerHTML = fresh.innerHTML;
        schedule();
      } else {
        window.location.reload();
      }
    } catch {
      schedule();
    }
  }

  for (const link of region.querySelectorAll("[data-careers-refresh-link]")) {
    link.hidden = true;
  }
  schedule();
}
