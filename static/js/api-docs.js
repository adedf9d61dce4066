// The API's docs page: Swagger UI (from our own static files) on /api/v1/schema. A file, not an inline script: the
// CSP forbids those. "Try it out" sends the browser's session cookie and, on unsafe methods, needs a device token.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIStandalonePreset],
    layout: "BaseLayout",
    persistAuthorization: false,
  });
})();
