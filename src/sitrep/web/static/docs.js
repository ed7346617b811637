/* The interactive API docs (Swagger UI from node_modules; no inline script under the CSP). */
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({ url: node.getAttribute("data-spec"), dom_id: "#swagger-ui",
                           deepLinking: true });
})();
