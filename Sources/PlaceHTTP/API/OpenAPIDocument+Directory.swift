// The OpenAPI document's operations on people, organisations and the report.

extension OpenAPIDocument {
    /// The `paths` members for people, organisations and the report.
    static let pathsDirectory = #"""
        "/v1/spaces/{space}/people": {
          "get": {
            "operationId": "listPeople",
            "summary": "People in the directory.",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
              {"name": "cursor", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{1,9}$"}}
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Person"}},
                        "total": {"type": "integer", "minimum": 0},
                        "next": {"type": "string"}
                      },
                      "required": ["items", "total"]
                    }
                  }
                },
                "headers": {"ETag": {"schema": {"type": "string"}}}
              },
              "304": {"$ref": "#/components/responses/NotModified"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/v1/spaces/{space}/organisations": {
          "get": {
            "operationId": "listOrganisations",
            "summary": "Organisations in the directory.",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
              {"name": "cursor", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{1,9}$"}}
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Organisation"}},
                        "total": {"type": "integer", "minimum": 0},
                        "next": {"type": "string"}
                      },
                      "required": ["items", "total"]
                    }
                  }
                },
                "headers": {"ETag": {"schema": {"type": "string"}}}
              },
              "304": {"$ref": "#/components/responses/NotModified"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/v1/spaces/{space}/report": {
          "get": {
            "operationId": "getReport",
            "summary": "The community's evaluation report (`format=csv` for CSV).",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv"]}}
            ],
            "responses": {
              "200": {
                "description": "OK",
                "headers": {"ETag": {"schema": {"type": "string"}}},
                "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/Report"}},
                  "text/csv": {"schema": {"type": "string"}}
                }
              },
              "304": {"description": "Not modified."},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        }
        """#
}
