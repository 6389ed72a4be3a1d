// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "../vendor/nhsuk-frontend-10.6.1/nhsuk-frontend.min.js";

initAll();
