// The OpenAPI document's operations on measures and notes.

extension OpenAPIDocument {
    /// The `paths` members for measures and notes.
    static let pathsMeasures = #"""
        "/v1/spaces/{space}/measures": {
          "get": {
            "operationId": "listMeasures",
            "summary": "Measures (of one project, when given).",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {"name": "project", "in": "query", "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"}},
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
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Measure"}},
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
              "404": {"$ref": "#/components/responses/NotFound"},
              "422": {"$ref": "#/components/responses/UnprocessableContent"}
            }
          },
          "post": {
            "operationId": "createMeasure",
            "summary": "Create a measure.",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              }
            ],
            "responses": {
              "201": {
                "description": "OK",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Measure"}}}
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/ContentTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/UnprocessableContent"},
              "507": {"$ref": "#/components/responses/InsufficientStorage"}
            },
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MeasureInput"}}}
            }
          }
        },
        "/v1/spaces/{space}/measures/{id}": {
          "get": {
            "operationId": "getMeasure",
            "summary": "A measure with its chart's reading: signals in words.",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The document's id."
              },
              {"name": "chart", "in": "query", "schema": {"type": "string", "enum": ["run", "xmr"]}}
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Measure"}}},
                "headers": {"ETag": {"schema": {"type": "string"}}}
              },
              "304": {"$ref": "#/components/responses/NotModified"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/v1/spaces/{space}/measures/{id}/chart.svg": {
          "get": {
            "operationId": "getMeasureChart",
            "summary": "A measure's chart as SVG.",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The document's id."
              },
              {"name": "chart", "in": "query", "schema": {"type": "string", "enum": ["run", "xmr"]}}
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {"image/svg+xml": {"schema": {"type": "string"}}},
                "headers": {"ETag": {"schema": {"type": "string"}}}
              },
              "304": {"$ref": "#/components/responses/NotModified"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/v1/spaces/{space}/measures/{id}/points": {
          "post": {
            "operationId": "addMeasurePoints",
            "summary": "Add data points.",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The document's id."
              }
            ],
            "responses": {
              "201": {
                "description": "OK",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Measure"}}}
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/ContentTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/UnprocessableContent"},
              "507": {"$ref": "#/components/responses/InsufficientStorage"}
            },
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PointsInput"}}}
            }
          }
        },
        "/v1/spaces/{space}/notes": {
          "get": {
            "operationId": "listNotes",
            "summary": "Notes (of one project, when given).",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {"name": "project", "in": "query", "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"}},
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
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}},
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
              "404": {"$ref": "#/components/responses/NotFound"},
              "422": {"$ref": "#/components/responses/UnprocessableContent"}
            }
          },
          "post": {
            "operationId": "createNote",
            "summary": "Create a note.",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              }
            ],
            "responses": {
              "201": {
                "description": "OK",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Note"}}}
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/ContentTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/UnprocessableContent"},
              "507": {"$ref": "#/components/responses/InsufficientStorage"}
            },
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NoteInput"}}}
            }
          }
        },
        "/v1/spaces/{space}/notes/{id}": {
          "get": {
            "operationId": "getNote",
            "summary": "A note; `version` names its body for splices.",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The document's id."
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Note"}}},
                "headers": {"ETag": {"schema": {"type": "string"}}}
              },
              "304": {"$ref": "#/components/responses/NotModified"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/v1/spaces/{space}/notes/{id}/splices": {
          "post": {
            "operationId": "spliceNote",
            "summary": "Edit a note's body by a splice made against `base`; concurrent splices merge.",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The document's id."
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Note"}}}
              },
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/ContentTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "422": {"$ref": "#/components/responses/UnprocessableContent"},
              "507": {"$ref": "#/components/responses/InsufficientStorage"}
            },
            "requestBody": {
              "required": true,
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SpliceInput"}}}
            }
          }
        }
        """#
}
