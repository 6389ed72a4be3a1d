// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "../vendor/nhsuk-frontend-10.6.1/nhsuk-frontend.min.js";

initAll();

// A search or filter form submits to its results heading (action="...#results"): once the
// page has loaded there, move focus to the heading so that screen readers announce the count.
const results = window.location.hash && document.getElementById(window.location.hash.slice(1));
if (results && results.hasAttribute("data-app-results")) {
  results.focus();
}
