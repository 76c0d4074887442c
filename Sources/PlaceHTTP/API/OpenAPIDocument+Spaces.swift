// The OpenAPI document's operations on spaces, members and invites; search, sync, live events, document history, this document.

extension OpenAPIDocument {
    /// The `paths` members for spaces, members and invites; search, sync, live events, document history, this document.
    static let pathsSpaces = #"""
        "/v1/openapi.json": {
          "get": {
            "operationId": "getOpenAPI",
            "summary": "This document.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "OK",
                "content": {"application/json": {"schema": {"type": "object"}}},
                "headers": {"ETag": {"schema": {"type": "string"}}}
              },
              "304": {"$ref": "#/components/responses/NotModified"},
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/v1/spaces": {
          "get": {
            "operationId": "listSpaces",
            "summary": "The spaces this node holds.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "properties": {
                        "spaces": {"type": "array", "items": {"$ref": "#/components/schemas/Space"}}
                      },
                      "required": ["spaces"]
                    }
                  }
                },
                "headers": {"ETag": {"schema": {"type": "string"}}}
              },
              "304": {"$ref": "#/components/responses/NotModified"},
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/v1/spaces/{space}/members": {
          "get": {
            "operationId": "listMembers",
            "summary": "A space's members.",
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
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "properties": {
                        "members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}
                      },
                      "required": ["members"]
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
        "/v1/spaces/{space}/explain": {
          "get": {
            "operationId": "explainSpace",
            "summary": "Why the space is not (yet) in sync here: peers, waiting envelopes, refusals, missing keys, and what the members' attestations show (who holds what, gaps, withholding).",
            "parameters": [
              {
                "name": "space",
                "in": "path",
                "required": true,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "The space's id."
              },
              {
                "name": "document",
                "in": "query",
                "required": false,
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "A document: the sentences start with its receipts (each author's latest change to it, and how many members hold it)."
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Explanation"}}},
                "headers": {"ETag": {"schema": {"type": "string"}}}
              },
              "304": {"$ref": "#/components/responses/NotModified"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/v1/spaces/{space}/invites": {
          "post": {
            "operationId": "createInvite",
            "summary": "Create an invite (admins only).",
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
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "properties": {"invite": {"type": "string"}},
                      "required": ["invite"]
                    }
                  }
                }
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
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InviteInput"}}}
            }
          }
        },
        "/v1/spaces/{space}/documents/{id}/history": {
          "get": {
            "operationId": "getHistory",
            "summary": "The signed changes to a document.",
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
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/HistoryEntry"}},
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
        "/v1/search": {
          "get": {
            "operationId": "search",
            "summary": "Full-text search across this node's spaces.",
            "parameters": [
              {
                "name": "q",
                "in": "query",
                "required": true,
                "schema": {"type": "string", "minLength": 1, "maxLength": 200}
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
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
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
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/v1/sync": {
          "get": {
            "operationId": "getSync",
            "summary": "Peers, what each side lacks, what waits.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "OK",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Sync"}}},
                "headers": {"ETag": {"schema": {"type": "string"}}}
              },
              "304": {"$ref": "#/components/responses/NotModified"},
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/v1/events": {
          "get": {
            "operationId": "events",
            "summary": "Server-sent events: document, sync, membership, replica, reset; heartbeats while idle. Resume with Last-Event-ID.",
            "parameters": [
              {
                "name": "Last-Event-ID",
                "in": "header",
                "schema": {"type": "string", "pattern": "^[0-9]{1,18}$"}
              }
            ],
            "responses": {
              "200": {
                "description": "An event stream.",
                "content": {"text/event-stream": {"schema": {"type": "string"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "503": {"$ref": "#/components/responses/ServiceUnavailable"}
            }
          }
        }
        """#
}
