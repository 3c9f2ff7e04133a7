// Counts one view of the article page for "Đọc nhiều" (most read).
// The page is cached whole, so the count is a beacon to the URL in the
// article's data-view-url: once per page load (not again when the page comes
// back from the back/forward cache), and not while the page is only
// prerendered. No cookies are read or set; the server answers 204.
(function () {
  "use strict";

  var article = document.querySelector("article[data-view-url]");
  if (!article) {
    return;
  }
  var url = article.getAttribute("data-view-url");
  var sent = false;

  function send() {
    if (sent) {
      return;
    }
    sent = true;
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url)) {
        return;
      }
    } catch (error) {
      // Some browsers throw instead of returning false; fall back to fetch.
    }
    if (window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" }).catch(function () {});
    }
  }

  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
