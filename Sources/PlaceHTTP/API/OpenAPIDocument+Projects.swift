// The OpenAPI document's operations on projects and PDSA cycles.

extension OpenAPIDocument {
    /// The `paths` members for projects and PDSA cycles.
    static let pathsProjects = #"""
        "/v1/spaces/{space}/projects": {
          "get": {
            "operationId": "listProjects",
            "summary": "Projects, filtered.",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {"name": "theme", "in": "query", "schema": {"type": "string"}},
              {"name": "status", "in": "query", "schema": {"type": "string"}},
              {
                "name": "organisation",
                "in": "query",
                "schema": {"type": "string"},
                "description": "An organisation id: its projects and those of organisations below it."
              },
              {"name": "spread", "in": "query", "schema": {"type": "string"}},
              {"name": "q", "in": "query", "schema": {"type": "string"}},
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
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/ProjectSummary"}},
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
            "operationId": "createProject",
            "summary": "Create a project.",
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
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Project"}}}
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
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProjectInput"}}}
            }
          }
        },
        "/v1/spaces/{space}/projects/{id}": {
          "get": {
            "operationId": "getProject",
            "summary": "A project.",
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
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Project"}}},
                "headers": {"ETag": {"schema": {"type": "string"}}}
              },
              "304": {"$ref": "#/components/responses/NotModified"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          },
          "patch": {
            "operationId": "updateProject",
            "summary": "Change a project's fields (those sent).",
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
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Project"}}}
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
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProjectInput"}}}
            }
          }
        },
        "/v1/spaces/{space}/projects/{id}/spread": {
          "post": {
            "operationId": "setSpread",
            "summary": "Record how far a project has spread to an organisation.",
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
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Project"}}}
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
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SpreadInput"}}}
            }
          }
        },
        "/v1/spaces/{space}/pdsa": {
          "get": {
            "operationId": "listPDSACycles",
            "summary": "PDSA cycles (of one project, when given).",
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
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/PDSACycle"}},
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
            "operationId": "createPDSACycle",
            "summary": "Add a PDSA cycle to a project.",
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
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PDSACycle"}}}
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
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PDSAInput"}}}
            }
          }
        },
        "/v1/spaces/{space}/pdsa/{id}": {
          "get": {
            "operationId": "getPDSACycle",
            "summary": "A PDSA cycle.",
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
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PDSACycle"}}},
                "headers": {"ETag": {"schema": {"type": "string"}}}
              },
              "304": {"$ref": "#/components/responses/NotModified"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          },
          "patch": {
            "operationId": "updatePDSACycle",
            "summary": "Change a PDSA cycle's fields (those sent).",
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
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PDSACycle"}}}
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
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PDSAInput"}}}
            }
          }
        }
        """#
}
