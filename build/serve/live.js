// Live preview for "site serve". The server adds this script to every page
// it sends (never to the built files). It listens to the server's event
// stream and, only after a rebuild has finished:
//   reload    reloads the page;
//   css       swaps the page's style sheets, keeping the scroll position;
//   problems  shows the build's problems over the page.
// "hello" comes first on every connection: a page built by an older build
// reloads, and the overlay shows the problems of the last build, if any.
(function () {
  "use strict";
  var me = document.currentScript;
  var build = me ? me.getAttribute("data-build") : "";

  function show(st) {
    var old = document.getElementById("site-problems");
    if (old) old.remove();
    if (st.overlay) document.body.insertAdjacentHTML("beforeend", st.overlay);
  }

  // swapCSS loads the new page's style sheets next to the old ones and
  // removes the old ones once the new ones have loaded, so nothing flashes.
  function swapCSS(st) {
    fetch(location.href, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var olds = document.querySelectorAll('link[rel="stylesheet"]');
        var news = doc.querySelectorAll('link[rel="stylesheet"]');
        var last = olds.length ? olds[olds.length - 1] : null;
        news.forEach(function (n) {
          var link = document.createElement("link");
          link.rel = "stylesheet";
          var href = n.getAttribute("href");
          // A style sheet copied as it is keeps its address: ask for it anew.
          href += (href.indexOf("?") < 0 ? "?" : "&") + "live=" + st.build;
          link.href = href;
          link.onload = link.onerror = function () {
            olds.forEach(function (o) { o.remove(); });
          };
          if (last) last.after(link); else document.head.appendChild(link);
          last = link;
        });
        build = String(st.build);
        show(st);
      })
      .catch(function () { location.reload(); });
  }

  var es = new EventSource("/_site/live");
  es.addEventListener("hello", function (e) {
    var st = JSON.parse(e.data);
    if (String(st.build) !== build) { location.reload(); return; }
    show(st);
  });
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function (e) { swapCSS(JSON.parse(e.data)); });
  es.addEventListener("problems", function (e) { show(JSON.parse(e.data)); });
})();
