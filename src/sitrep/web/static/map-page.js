/* The map page: events from /api/events (filtered by the URL's query) on a clustered map,
   listed beside it, and a timeline whose brushed range narrows both. */
(function () {
  "use strict";
  var S = window.Sitrep;
  var FILTERS = ["type", "actor", "place", "since", "until", "stance", "outlet", "q"];
  var MAX_EVENTS = 5000; // the API's page limit; the count line says when there are more
  var EVIDENCE_CHARS = 220;

  var mapNode = document.getElementById("map");
  var list = document.getElementById("event-list");
  var countLine = document.getElementById("event-count");
  var unmappedLine = document.getElementById("unmapped");
  var timelineNode = document.getElementById("timeline");
  var rangeLine = document.getElementById("timeline-range");
  var clearButton = document.getElementById("timeline-clear");
  var form = document.getElementById("filters");
  if (!mapNode || !list) return;

  var params = new URLSearchParams(window.location.search);
  var query = new URLSearchParams();
  FILTERS.forEach(function (k) { if (params.get(k)) query.set(k, params.get(k)); });
  query.set("limit", String(MAX_EVENTS));

  var map = null, layers = null, timeline = null, all = [], total = 0;
  if (window.L && window.L.markerClusterGroup) {
    map = S.createMap(mapNode);
  } else {
    mapNode.appendChild(S.el("p", "warning", "The map library did not load (run npm ci)."));
  }

  function truncate(text, n) { return text.length > n ? text.slice(0, n - 1) + "…" : text; }

  function listItem(e) {
    var li = S.el("li", "event-item");
    li.setAttribute("data-id", e.id);
    var head = S.el("div", "item-head");
    head.appendChild(S.badge(e));
    head.appendChild(S.el("span", "date", S.eventDay(e) || "undated"));
    var stance = e.attribution && e.attribution.stance;
    if (stance) head.appendChild(S.el("span", "stance stance-" + stance.replace(/\W/g, ""), stance));
    ["negated", "hypothetical", "historical"].forEach(function (f) {
      if (e[f]) head.appendChild(S.el("span", "flag", f));
    });
    li.appendChild(head);
    li.appendChild(S.el("div", "who", S.summaryLine(e)));
    var loc = e.location;
    var where = loc ? loc.name + (S.hasPoint(e) ? "" : " (no coordinates)") : "no place";
    li.appendChild(S.el("div", "where muted", where + (e.outlet ? " · " + e.outlet : "")));
    var link = S.el("a", "evidence-link", truncate((e.evidence && e.evidence.text) || "", EVIDENCE_CHARS));
    link.href = S.eventHref(e.id);
    li.appendChild(link);
    li.addEventListener("click", function (ev) {
      if (ev.target.closest("a") || !layers) return;
      var marker = layers.byId[e.id];
      if (marker) layers.cluster.zoomToShowLayer(marker, function () { marker.openPopup(); });
    });
    return li;
  }

  function render(events, fit) {
    list.textContent = "";
    events.forEach(function (e) { list.appendChild(listItem(e)); });
    var shown = events.length === all.length && total > all.length
      ? all.length + " of " + total + " events (first " + MAX_EVENTS + ")"
      : events.length + " event" + (events.length === 1 ? "" : "s");
    countLine.textContent = shown;
    var unmapped = events.filter(function (e) { return !S.hasPoint(e); }).length;
    unmappedLine.textContent = unmapped ? " · " + unmapped + " without coordinates" : "";
    if (!events.length) list.appendChild(S.el("li", "empty", "No events match these filters."));
    if (!map) return;
    if (layers) layers.remove();
    layers = S.eventLayers(map, events);
    if (fit) layers.fit();
  }

  function setUrlDates(since, until) {
    var url = new URLSearchParams(window.location.search);
    if (since) url.set("since", since); else url.delete("since");
    if (until) url.set("until", until); else url.delete("until");
    var qs = url.toString();
    window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
    if (form) {
      form.elements.since.value = since || "";
      form.elements.until.value = until || "";
    }
  }

  function onBrush(from, to) {
    var picked = all.filter(function (e) {
      var d = S.eventDay(e);
      return d && d >= from && d <= to;
    });
    rangeLine.textContent = from === to ? from : from + " – " + to;
    clearButton.hidden = false;
    setUrlDates(from, to);
    render(picked, false);
  }

  clearButton.addEventListener("click", function () {
    rangeLine.textContent = "";
    clearButton.hidden = true;
    if (timeline) timeline.select(null, null);
    setUrlDates(params.get("since"), params.get("until"));
    render(all, false);
  });

  fetch("/api/events?" + query.toString(), { headers: { Accept: "application/json" } })
    .then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
        return body;
      });
    })
    .then(function (page) {
      all = page.items;
      total = page.total;
      render(all, true);
      timeline = S.drawTimeline(timelineNode, all, { onBrush: onBrush });
      if (map) {
        var types = [];
        all.forEach(function (e) { if (types.indexOf(e.plover_type) < 0) types.push(e.plover_type); });
        S.legend(map, types.sort());
      }
      document.body.setAttribute("data-loaded", "true");
    })
    .catch(function (err) {
      if (window.console) console.error(err);
      countLine.textContent = "Could not load events: " + (err && err.message ? err.message : err);
      document.body.setAttribute("data-loaded", "error");
    });
})();
