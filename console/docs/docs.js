// Draws the OpenAPI document with Swagger UI (swagger-ui-dist from package-lock.json). The
// API needs mutual TLS, which a browser page cannot present: "Try it out" is off, and nothing
// is fetched from outside this gateway (no online validator).
window.addEventListener('DOMContentLoaded', () => {
  window.ui = window.SwaggerUIBundle({
    url: '/docs/openapi.json',
    dom_id: '#api',
    deepLinking: true,
    supportedSubmitMethods: [],
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
  });
});
