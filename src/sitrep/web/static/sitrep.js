/* Sitrep's shared browser code: map, event markers, timeline. Vanilla JS, no build step.
   Data comes from /api as JSON and is only ever put in the page as text (never as HTML). */
(function () {
  "use strict";

  // Radius of the translucent circle drawn for a place known only roughly (metres):
  // precision 2 "near" (a town's surroundings), 3 "region" (a district or province).
  var PRECISION_RADIUS_M = { 2: 15000, 3: 80000 };
  var DAY_MS = 86400000;
  // Country outlines at 1:110m carry no detail past this; clustering needs a maximum.
  var MAX_ZOOM = 12;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeClass(value) {
    return String(value || "").replace(/[^A-Za-z0-9_-]/g, "");
  }

  var colorCache = {};
  // Colours live in the stylesheet (.plover-TYPE { --plover: ... }); read them from there.
  function ploverColor(type) {
    var key = safeClass(type);
    if (!(key in colorCache)) {
      var probe = el("span", "plover-" + key);
      probe.hidden = true;
      document.body.appendChild(probe);
      colorCache[key] = getComputedStyle(probe).getPropertyValue("--plover").trim() || "#546e7a";
      probe.remove();
    }
    return colorCache[key];
  }

  function eventDay(e) {
    var d = e.date || e.published || "";
    return /^\d{4}-\d{2}-\d{2}/.test(d) ? d.slice(0, 10) : null;
  }

  function names(refs) {
    return (refs || []).map(function (r) { return r.name; }).join(", ");
  }

  function entityHref(id) { return "/entities/" + encodeURIComponent(id).replace(/%3A/g, ":"); }
  function eventHref(id) { return "/events/" + encodeURIComponent(id).replace(/%3A/g, ":"); }

  function badge(e) {
    var b = el("span", "badge plover-" + safeClass(e.plover_type), e.plover_type);
    if (e.plover_mode) b.appendChild(el("small", null, "/" + e.plover_mode));
    return b;
  }

  function summaryLine(e) {
    var who = names(e.actors) || "unknown actor";
    if (e.recipients && e.recipients.length) who += " → " + names(e.recipients);
    return who;
  }

  // A popup's content, built as DOM nodes so article text stays text.
  function popupContent(e) {
    var box = el("div", "popup");
    var head = el("div", "popup-head");
    head.appendChild(badge(e));
    head.appendChild(el("span", "muted", " " + (eventDay(e) || "undated")));
    box.appendChild(head);
    box.appendChild(el("div", "popup-who", summaryLine(e)));
    var loc = e.location || {};
    var where = loc.name || "";
    if (loc.geo_precision) where += " (precision " + loc.geo_precision + ")";
    box.appendChild(el("div", "muted", where));
    var q = el("blockquote", null, (e.evidence && e.evidence.text) || "");
    box.appendChild(q);
    var link = el("a", null, "Open event →");
    link.href = eventHref(e.id);
    box.appendChild(link);
    return box;
  }

  var ANTARCTICA = "010"; // ISO 3166 numeric id in world-atlas; no conflict reporting there

  // Rings that cross the antimeridian jump from +180 to -180 and Leaflet would draw a line
  // across the whole map; shifting each point by 360 degrees keeps the ring continuous.
  function unwrapRings(geometry) {
    if (!geometry) return;
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    polygons.forEach(function (rings) {
      rings.forEach(function (ring) {
        for (var i = 1; i < ring.length; i++) {
          var jump = ring[i][0] - ring[i - 1][0];
          if (jump > 180) ring[i][0] -= 360 * Math.round(jump / 360);
          else if (jump < -180) ring[i][0] += 360 * Math.round(-jump / 360);
        }
      });
    });
  }

  function createMap(node) {
    var map = L.map(node, { worldCopyJump: true, minZoom: 2, maxZoom: MAX_ZOOM })
      .setView([25, 20], 3);
    var url = node.getAttribute("data-countries");
    if (url && window.topojson) {
      fetch(url).then(function (r) { return r.json(); }).then(function (topo) {
        var shapes = topojson.feature(topo, topo.objects.countries);
        shapes.features = shapes.features.filter(function (f) { return f.id !== ANTARCTICA; });
        shapes.features.forEach(function (f) { unwrapRings(f.geometry); });
        var layer = L.geoJSON(shapes, {
          style: { className: "country", weight: 0.6, color: "#8a9aa9", fillColor: "#e9edf1",
                   fillOpacity: 1 },
          interactive: false
        }).addTo(map);
        layer.bringToBack();
      }).catch(function () { /* the events still show without outlines */ });
    }
    return map;
  }

  function hasPoint(e) {
    return e.location && typeof e.location.lat === "number" && typeof e.location.lon === "number";
  }

  // A cluster shows how many events it holds, ringed in the colour of its most common type.
  function clusterIcon(cluster) {
    var counts = {}, top = "none", best = 0;
    cluster.getAllChildMarkers().forEach(function (m) {
      var t = m.options.ploverType || "none";
      counts[t] = (counts[t] || 0) + 1;
      if (counts[t] > best) { best = counts[t]; top = t; }
    });
    var inner = el("div");
    inner.appendChild(el("span", null, cluster.getChildCount()));
    return L.divIcon({ html: inner, className: "marker-cluster plover-" + top,
                       iconSize: L.point(40, 40) });
  }

  // Markers for events: clustered dots (precision 1 solid, 2-3 hollow), and for rough places a
  // translucent circle whose radius says how rough.
  function eventLayers(map, events) {
    var cluster = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false,
                                         iconCreateFunction: clusterIcon });
    var areas = L.layerGroup();
    var byId = {};
    events.forEach(function (e) {
      if (!hasPoint(e)) return;
      var p = e.location.geo_precision || 3;
      var latlng = [e.location.lat, e.location.lon];
      var marker = L.marker(latlng, {
        icon: L.divIcon({ className: "ev-dot plover-" + safeClass(e.plover_type) + " prec-" + p,
                          iconSize: [12, 12] }),
        title: e.plover_type + ": " + summaryLine(e),
        ploverType: safeClass(e.plover_type)
      });
      marker.bindPopup(popupContent(e), { maxWidth: 320 });
      cluster.addLayer(marker);
      byId[e.id] = marker;
      if (PRECISION_RADIUS_M[p]) {
        var color = ploverColor(e.plover_type);
        areas.addLayer(L.circle(latlng, {
          radius: PRECISION_RADIUS_M[p], color: color, weight: 1, opacity: 0.5,
          fillColor: color, fillOpacity: 0.1, interactive: false, className: "prec-area"
        }));
      }
    });
    areas.addTo(map);
    cluster.addTo(map);
    return {
      cluster: cluster, areas: areas, byId: byId,
      remove: function () { map.removeLayer(cluster); map.removeLayer(areas); },
      fit: function () {
        var b = cluster.getBounds();
        if (b.isValid()) map.fitBounds(b.pad(0.3), { maxZoom: 7 });
      }
    };
  }

  function legend(map, types) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = el("div", "map-legend");
      types.forEach(function (t) {
        var row = el("div");
        row.appendChild(el("span", "ev-dot plover-" + safeClass(t) + " prec-1"));
        row.appendChild(document.createTextNode(" " + t));
        box.appendChild(row);
      });
      var r1 = el("div", "muted legend-precision");
      r1.appendChild(el("span", "ev-dot prec-1 plover-none"));
      r1.appendChild(document.createTextNode(" exact  "));
      r1.appendChild(el("span", "ev-dot prec-3 plover-none"));
      r1.appendChild(document.createTextNode(" approximate"));
      box.appendChild(r1);
      return box;
    };
    control.addTo(map);
    return control;
  }

  // ---- timeline ---------------------------------------------------------------------------

  function parseDay(s) { var p = s.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]); }
  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  // Bin width chosen from the span so the histogram stays readable: days up to ~4 months,
  // weeks up to ~3 years, months beyond.
  function binner(minMs, maxMs) {
    var days = (maxMs - minMs) / DAY_MS;
    if (days <= 120) return { unit: "day", start: function (ms) { return ms; },
                              next: function (ms) { return ms + DAY_MS; } };
    if (days <= 1100) return { unit: "week", start: function (ms) {
                                 var d = new Date(ms).getUTCDay(); return ms - ((d + 6) % 7) * DAY_MS; },
                               next: function (ms) { return ms + 7 * DAY_MS; } };
    return { unit: "month", start: function (ms) {
               var d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); },
             next: function (ms) {
               var d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); } };
  }

  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  /* Draw a histogram of events per day/week/month into `node`. With options.onBrush, dragging
     selects a date range: onBrush(fromDay, toDay) (both inclusive) or onBrush(null) to clear. */
  function drawTimeline(node, events, options) {
    options = options || {};
    node.textContent = "";
    var days = events.map(eventDay).filter(Boolean).map(parseDay);
    if (!days.length) { node.appendChild(el("div", "muted timeline-empty", "No dated events.")); return null; }
    var minMs = Math.min.apply(null, days), maxMs = Math.max.apply(null, days);
    var bin = binner(minMs, maxMs);
    var bins = [], index = {};
    for (var t = bin.start(minMs); t <= maxMs; t = bin.next(t)) { index[t] = bins.length; bins.push({ start: t, count: 0 }); }
    days.forEach(function (d) { bins[index[bin.start(d)]].count += 1; });
    var width = Math.max(node.clientWidth, 200), height = 84, pad = { l: 28, r: 8, t: 6, b: 18 };
    var innerW = width - pad.l - pad.r, innerH = height - pad.t - pad.b;
    var maxCount = Math.max.apply(null, bins.map(function (b) { return b.count; }));
    var bw = innerW / bins.length;
    var svg = svgEl("svg", { width: width, height: height, "class": "timeline-svg",
                             role: "img", "aria-label": "Events per " + bin.unit });
    svg.appendChild(svgEl("line", { x1: pad.l, x2: width - pad.r, y1: pad.t + innerH, y2: pad.t + innerH, "class": "axis" }));
    var yLabel = svgEl("text", { x: pad.l - 4, y: pad.t + 8, "class": "tick", "text-anchor": "end" });
    yLabel.textContent = String(maxCount);
    svg.appendChild(yLabel);
    bins.forEach(function (b, i) {
      if (!b.count) return;
      var h = Math.max(2, innerH * b.count / maxCount);
      var rect = svgEl("rect", { x: pad.l + i * bw + (bw > 4 ? 1 : 0), y: pad.t + innerH - h,
                                 width: Math.max(1, bw - (bw > 4 ? 2 : 0)), height: h, "class": "bar" });
      var title = svgEl("title");
      title.textContent = isoDay(b.start) + " (" + bin.unit + "): " + b.count;
      rect.appendChild(title);
      svg.appendChild(rect);
    });
    var ticks = Math.min(bins.length, Math.max(2, Math.floor(innerW / 120)));
    for (var k = 0; k < ticks; k++) {
      var i = Math.round(k * (bins.length - 1) / Math.max(1, ticks - 1));
      var label = svgEl("text", { x: pad.l + i * bw + bw / 2, y: height - 4, "class": "tick",
                                  "text-anchor": k === 0 ? "start" : (k === ticks - 1 ? "end" : "middle") });
      label.textContent = isoDay(bins[i].start);
      svg.appendChild(label);
    }
    var selection = svgEl("rect", { x: 0, y: pad.t, width: 0, height: innerH, "class": "brush", visibility: "hidden" });
    svg.appendChild(selection);
    node.appendChild(svg);

    function binAt(x) { return Math.min(bins.length - 1, Math.max(0, Math.floor((x - pad.l) / bw))); }
    function showRange(a, b) {
      var lo = Math.min(a, b), hi = Math.max(a, b);
      selection.setAttribute("x", pad.l + lo * bw);
      selection.setAttribute("width", Math.max(2, (hi - lo + 1) * bw));
      selection.setAttribute("visibility", "visible");
      return [lo, hi];
    }
    var api = {
      bins: bins,
      select: function (fromDay, toDay) {
        if (!fromDay && !toDay) { selection.setAttribute("visibility", "hidden"); return; }
        var a = bin.start(fromDay ? parseDay(fromDay) : minMs), b = toDay ? parseDay(toDay) : maxMs;
        var lo = 0, hi = bins.length - 1;
        bins.forEach(function (x, i) { if (x.start < a) lo = i + 1; if (x.start <= b) hi = i; });
        if (lo <= hi) showRange(lo, hi); else selection.setAttribute("visibility", "hidden");
      }
    };
    if (!options.onBrush) return api;
    svg.classList.add("brushable");
    var startBin = null;
    function localX(ev) { return ev.clientX - svg.getBoundingClientRect().left; }
    svg.addEventListener("pointerdown", function (ev) {
      startBin = binAt(localX(ev));
      svg.setPointerCapture(ev.pointerId);
      showRange(startBin, startBin);
      ev.preventDefault();
    });
    svg.addEventListener("pointermove", function (ev) {
      if (startBin !== null) showRange(startBin, binAt(localX(ev)));
    });
    svg.addEventListener("pointerup", function (ev) {
      if (startBin === null) return;
      var range = showRange(startBin, binAt(localX(ev)));
      startBin = null;
      var last = bin.next(bins[range[1]].start) - DAY_MS;
      options.onBrush(isoDay(bins[range[0]].start), isoDay(last));
    });
    return api;
  }

  window.Sitrep = {
    el: el, badge: badge, names: names, summaryLine: summaryLine, eventDay: eventDay,
    entityHref: entityHref, eventHref: eventHref, ploverColor: ploverColor,
    createMap: createMap, eventLayers: eventLayers, legend: legend, hasPoint: hasPoint,
    drawTimeline: drawTimeline
  };

  // Event page: bring the highlighted evidence sentence into view.
  document.addEventListener("DOMContentLoaded", function () {
    if (document.body.getAttribute("data-page") === "event") {
      var mark = document.getElementById("evidence");
      if (mark) mark.scrollIntoView({ block: "center" });
    }
  });
})();
