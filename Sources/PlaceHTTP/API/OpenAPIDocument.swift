// The OpenAPI 3.1 description of the JSON API, served at /v1/openapi.json: the frame here, the schemas
// and the operations in the OpenAPIDocument+*.swift files beside it. Tests check that every route the
// frontend registers is described and that responses validate against it (schemathesis in CI).

enum OpenAPIDocument {
    /// The whole document.
    static let json = """
        {
          "openapi": "3.1.0",
          "info": {
            "title": "PlaceSync node API",
            "version": "1.0.0",
            "description": "The HTTP API of one PlaceSync node: reads and writes its local replica. Send the node's access token (the file http.token in its folder) as `Authorization: Bearer <token>`. Errors are RFC 9457 problem documents."
          },
          "servers": [{"url": "http://127.0.0.1:7462"}],
          "security": [{"bearer": []}],
          "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
              "BadRequest": {
                "description": "The request is malformed (a query value, JSON syntax, nesting).",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "Unauthorized": {
                "description": "No valid token or session.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "Forbidden": {
                "description": "Not allowed (CSRF, role, frozen author).",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "NotFound": {
                "description": "No such space or document.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "Conflict": {
                "description": "Conflict (a newer schema, a forgotten base version).",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "ContentTooLarge": {
                "description": "The body is too large.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "UnsupportedMediaType": {
                "description": "The body is not JSON.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "UnprocessableContent": {
                "description": "A field is not allowed; `field` and `allowed` say which and what is.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "ServiceUnavailable": {
                "description": "Too many event streams.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "InsufficientStorage": {
                "description": "The node's disk is full: nothing was written.",
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
              },
              "NotModified": {"description": "Not modified (If-None-Match matched the ETag)."}
            },
            "schemas": {
        \(schemasSchemas),
        \(schemasInputs)
            }
          },
          "paths": {
        \(pathsSpaces),
        \(pathsProjects),
        \(pathsMeasures),
        \(pathsDirectory)
          }
        }
        """
}
