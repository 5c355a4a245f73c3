// Remembers the browser's time zone so that the server writes deadlines in it; pages stay correct without this
// (they name the zone they use, UTC until one is known) and the preferences page sets it without JavaScript.
(function () {
  "use strict";
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const current = document.cookie.split("; ").find((c) => c.startsWith("odr-tz="));
    if (zone && !current) {
      document.cookie = "odr-tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
    }
  } catch (e) {
    // no Intl: the pages keep UTC
  }
})();

// A refused form's error summary takes the focus, so that a screen reader reads it and a phone scrolls to it.
(function () {
  "use strict";
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
})();

// A field that only one choice needs (the refund amount, for a partial refund) is shown for that choice only. Without
// script the field stays, with a hint saying when it counts, and the server ignores it for the other choices.
(function () {
  "use strict";
  document.querySelectorAll("[data-shown-when]").forEach((field) => {
    const [controlId, value] = field.getAttribute("data-shown-when").split("=");
    const control = document.getElementById(controlId);
    if (!control) {
      return;
    }
    const update = () => {
      field.hidden = control.value !== value;
    };
    control.addEventListener("change", update);
    update();
  });
})();
