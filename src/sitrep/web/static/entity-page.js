/* An entity's page: the map and timeline of the events it takes part in. */
(function () {
  "use strict";
  var S = window.Sitrep;
  var mapNode = document.getElementById("entity-map");
  if (!mapNode) return;
  var id = mapNode.getAttribute("data-entity");
  var map = window.L && window.L.markerClusterGroup ? S.createMap(mapNode) : null;
  fetch("/api/entities/" + encodeURIComponent(id).replace(/%3A/g, ":"))
    .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
    .then(function (entity) {
      var events = entity.events || [];
      S.drawTimeline(document.getElementById("timeline"), events);
      if (!map) return;
      var layers = S.eventLayers(map, events);
      if (events.some(S.hasPoint)) {
        layers.fit();
      } else if (typeof entity.lat === "number" && typeof entity.lon === "number") {
        map.setView([entity.lat, entity.lon], 6);
        L.marker([entity.lat, entity.lon], {
          icon: L.divIcon({ className: "ev-dot prec-1 plover-none", iconSize: [12, 12] }),
          title: entity.name
        }).addTo(map);
      }
      document.body.setAttribute("data-loaded", "true");
    })
    .catch(function () { document.body.setAttribute("data-loaded", "error"); });
})();
