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
