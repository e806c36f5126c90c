// /api/docs: Swagger UI (from npm, bundled here; its CSS lands beside as api-docs.css) showing
// GET /api/openapi.json. A module: the CSP allows no inline script. The spec validator badge
// is off, so the page asks nothing of a third-party server.
import SwaggerUIBundle from "swagger-ui-dist/swagger-ui-es-bundle.js";
import "swagger-ui-dist/swagger-ui.css";

const root = document.getElementById("api-docs");
SwaggerUIBundle({
  url: root.dataset.spec,
  domNode: root,
  deepLinking: true,
  validatorUrl: null,
  // Cookie sessions send the CSRF token of /api/auth/me with unsafe methods (CONTRACT §2).
  requestInterceptor: async (request) => {
    if (!["GET", "HEAD"].includes((request.method || "GET").toUpperCase()) && !request.headers.Authorization) {
      const me = await fetch("/api/auth/me", { credentials: "same-origin" });
      if (me.ok) request.headers["X-CSRFToken"] = (await me.json()).csrfToken;
    }
    return request;
  },
});
