// The OpenAPI 3.1 description of the JSON API, served at /v1/openapi.json. Tests check that every
// route the frontend registers is here and that responses validate against it (schemathesis in CI).

enum OpenAPIDocument {
    static let json = #"""
        {
         "openapi": "3.1.0",
         "info": {
          "title": "PlaceSync node API",
          "version": "1.0.0",
          "description": "The HTTP API of one PlaceSync node: reads and writes its local replica. Send the node's access token (the file http.token in its folder) as `Authorization: Bearer <token>`. Errors are RFC 9457 problem documents."
         },
         "servers": [
          {
           "url": "http://127.0.0.1:7462"
          }
         ],
         "security": [
          {
           "bearer": []
          }
         ],
         "components": {
          "securitySchemes": {
           "bearer": {
            "type": "http",
            "scheme": "bearer"
           }
          },
          "schemas": {
           "Problem": {
            "type": "object",
            "properties": {
             "type": {
              "type": "string"
             },
             "title": {
              "type": "string"
             },
             "status": {
              "type": "integer"
             },
             "detail": {
              "type": "string"
             },
             "field": {
              "type": "string"
             },
             "allowed": {
              "type": "array",
              "items": {
               "type": "string"
              }
             }
            },
            "required": [
             "type",
             "title",
             "status",
             "detail"
            ]
           },
           "Space": {
            "type": "object",
            "properties": {
             "id": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
             },
             "name": {
              "type": "string"
             },
             "role": {
              "type": "string"
             },
             "canWrite": {
              "type": "boolean"
             },
             "canRead": {
              "type": "boolean"
             },
             "explanation": {
              "type": "string"
             }
            },
            "required": [
             "id",
             "name",
             "canWrite",
             "canRead",
             "explanation"
            ]
           },
           "Member": {
            "type": "object",
            "properties": {
             "node": {
              "type": "string"
             },
             "role": {
              "type": "string"
             },
             "name": {
              "type": "string"
             }
            },
            "required": [
             "node",
             "role"
            ]
           },
           "ProjectSummary": {
            "type": "object",
            "properties": {
             "id": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
             },
             "title": {
              "type": "string"
             },
             "theme": {
              "type": "string"
             },
             "status": {
              "type": "string"
             },
             "organisations": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "startDate": {
              "type": "string"
             }
            },
            "required": [
             "id",
             "organisations"
            ]
           },
           "Project": {
            "type": "object",
            "properties": {
             "id": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
             },
             "title": {
              "type": "string"
             },
             "aim": {
              "type": "string"
             },
             "theme": {
              "type": "string"
             },
             "status": {
              "type": "string"
             },
             "startDate": {
              "type": "string"
             },
             "endDate": {
              "type": "string"
             },
             "organisations": {
              "type": "object",
              "additionalProperties": {
               "type": "string"
              }
             },
             "team": {
              "type": "object",
              "additionalProperties": {
               "type": "string"
              }
             },
             "partners": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "tags": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "drivers": {
              "type": "array",
              "items": {
               "type": "object",
               "properties": {
                "id": {
                 "type": "string"
                },
                "level": {
                 "type": "string"
                },
                "text": {
                 "type": "string"
                },
                "parent": {
                 "type": "string"
                }
               },
               "required": [
                "id",
                "level",
                "text"
               ]
              }
             },
             "changeIdeas": {
              "type": "array",
              "items": {
               "type": "object",
               "properties": {
                "id": {
                 "type": "string"
                },
                "title": {
                 "type": "string"
                },
                "driver": {
                 "type": "string"
                }
               },
               "required": [
                "id",
                "title"
               ]
              }
             },
             "spread": {
              "type": "array",
              "items": {
               "type": "object",
               "properties": {
                "organisation": {
                 "type": "string"
                },
                "stage": {
                 "type": "string"
                },
                "dates": {
                 "type": "object",
                 "additionalProperties": {
                  "type": "string"
                 }
                }
               },
               "required": [
                "organisation",
                "dates"
               ]
              }
             },
             "adoptedFrom": {
              "type": "array",
              "items": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              }
             },
             "pdsaCycles": {
              "type": "array",
              "items": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              }
             },
             "measures": {
              "type": "array",
              "items": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              }
             },
             "notes": {
              "type": "array",
              "items": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              }
             },
             "conflicts": {
              "type": "object",
              "additionalProperties": {
               "type": "array",
               "items": {
                "type": "string"
               }
              }
             }
            },
            "required": [
             "id",
             "organisations",
             "team",
             "partners",
             "tags",
             "drivers",
             "changeIdeas",
             "spread",
             "adoptedFrom",
             "pdsaCycles",
             "measures",
             "notes",
             "conflicts"
            ]
           },
           "PDSACycle": {
            "type": "object",
            "properties": {
             "id": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
             },
             "project": {
              "type": "string"
             },
             "changeIdea": {
              "type": "string"
             },
             "title": {
              "type": "string"
             },
             "status": {
              "type": "string"
             },
             "objective": {
              "type": "string"
             },
             "questions": {
              "type": "string"
             },
             "prediction": {
              "type": "string"
             },
             "plan": {
              "type": "string"
             },
             "observations": {
              "type": "string"
             },
             "study": {
              "type": "string"
             },
             "decision": {
              "type": "string"
             },
             "startDate": {
              "type": "string"
             },
             "endDate": {
              "type": "string"
             },
             "previous": {
              "type": "string"
             },
             "conflicts": {
              "type": "object",
              "additionalProperties": {
               "type": "array",
               "items": {
                "type": "string"
               }
              }
             }
            },
            "required": [
             "id",
             "conflicts"
            ]
           },
           "Analysis": {
            "type": "object",
            "properties": {
             "kind": {
              "type": "string",
              "enum": [
               "run",
               "xmr"
              ]
             },
             "pointCount": {
              "type": "integer"
             },
             "centre": {
              "type": "number"
             },
             "lowerLimit": {
              "type": "number"
             },
             "upperLimit": {
              "type": "number"
             },
             "signals": {
              "type": "array",
              "items": {
               "type": "object",
               "properties": {
                "rule": {
                 "type": "string"
                },
                "improvement": {
                 "type": "boolean"
                },
                "points": {
                 "type": "array",
                 "items": {
                  "type": "string"
                 }
                },
                "sentence": {
                 "type": "string"
                }
               },
               "required": [
                "rule",
                "points",
                "sentence"
               ]
              }
             },
             "summary": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "svg": {
              "type": "string"
             }
            },
            "required": [
             "kind",
             "pointCount",
             "signals",
             "summary",
             "svg"
            ]
           },
           "Measure": {
            "type": "object",
            "properties": {
             "id": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
             },
             "project": {
              "type": "string"
             },
             "name": {
              "type": "string"
             },
             "type": {
              "type": "string"
             },
             "definition": {
              "type": "string"
             },
             "unit": {
              "type": "string"
             },
             "direction": {
              "type": "string"
             },
             "target": {
              "type": "number"
             },
             "points": {
              "type": "array",
              "items": {
               "type": "object",
               "properties": {
                "id": {
                 "type": "string"
                },
                "date": {
                 "type": "string"
                },
                "value": {
                 "type": "number"
                },
                "annotation": {
                 "type": "string"
                },
                "baseline": {
                 "type": "boolean"
                },
                "history": {
                 "type": "array",
                 "items": {
                  "type": "number"
                 }
                },
                "conflicts": {
                 "type": "array",
                 "items": {
                  "type": "number"
                 }
                }
               },
               "required": [
                "id",
                "date",
                "value",
                "baseline",
                "history",
                "conflicts"
               ]
              }
             },
             "phaseStarts": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "analysis": {
              "$ref": "#/components/schemas/Analysis"
             }
            },
            "required": [
             "id",
             "points",
             "phaseStarts"
            ]
           },
           "Note": {
            "type": "object",
            "properties": {
             "id": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
             },
             "title": {
              "type": "string"
             },
             "project": {
              "type": "string"
             },
             "tags": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "body": {
              "type": "string"
             },
             "createdAt": {
              "type": "string"
             },
             "version": {
              "type": "string"
             }
            },
            "required": [
             "id",
             "tags",
             "body",
             "version"
            ]
           },
           "Organisation": {
            "type": "object",
            "properties": {
             "id": {
              "type": "string"
             },
             "kind": {
              "type": "string"
             },
             "name": {
              "type": "string"
             },
             "parent": {
              "type": "string"
             },
             "odsCode": {
              "type": "string"
             },
             "example": {
              "type": "boolean"
             }
            },
            "required": [
             "id",
             "kind",
             "name",
             "example"
            ]
           },
           "Person": {
            "type": "object",
            "properties": {
             "id": {
              "type": "string"
             },
             "name": {
              "type": "string"
             },
             "organisation": {
              "type": "string"
             },
             "roles": {
              "type": "array",
              "items": {
               "type": "string"
              }
             }
            },
            "required": [
             "id",
             "name",
             "roles"
            ]
           },
           "SearchHit": {
            "type": "object",
            "properties": {
             "space": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
             },
             "document": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
             },
             "title": {
              "type": "string"
             },
             "excerpt": {
              "type": "string"
             }
            },
            "required": [
             "space",
             "document",
             "excerpt"
            ]
           },
           "HistoryEntry": {
            "type": "object",
            "properties": {
             "envelope": {
              "type": "string"
             },
             "author": {
              "type": "string"
             },
             "seq": {
              "type": "integer"
             },
             "applied": {
              "type": "boolean"
             }
            },
            "required": [
             "envelope",
             "author",
             "seq",
             "applied"
            ]
           },
           "Peer": {
            "type": "object",
            "properties": {
             "key": {
              "type": "string"
             },
             "node": {
              "type": "string"
             },
             "address": {
              "type": "string"
             },
             "direction": {
              "type": "string"
             },
             "connected": {
              "type": "boolean"
             },
             "lastContact": {
              "type": "number"
             },
             "lastError": {
              "type": "string"
             },
             "updatedAt": {
              "type": "number"
             },
             "spaces": {
              "type": "array",
              "items": {
               "type": "object",
               "properties": {
                "space": {
                 "type": "string",
                 "pattern": "^[0-9a-f]{32}$"
                },
                "peerLacks": {
                 "type": "integer"
                },
                "weLack": {
                 "type": "integer"
                }
               },
               "required": [
                "space",
                "peerLacks",
                "weLack"
               ]
              }
             }
            },
            "required": [
             "key",
             "address",
             "direction",
             "connected",
             "updatedAt",
             "spaces"
            ]
           },
           "Sync": {
            "type": "object",
            "properties": {
             "node": {
              "type": "string"
             },
             "pending": {
              "type": "integer"
             },
             "peers": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Peer"
              }
             },
             "spaces": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Space"
              }
             }
            },
            "required": [
             "node",
             "pending",
             "peers",
             "spaces"
            ]
           },
           "Report": {
            "type": "object",
            "properties": {
             "sections": {
              "type": "array",
              "items": {
               "type": "object"
              }
             },
             "unreadableDocuments": {
              "type": "integer"
             }
            },
            "required": [
             "sections"
            ]
           },
           "ProjectInput": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
             "title": {
              "type": "string"
             },
             "aim": {
              "type": "string"
             },
             "theme": {
              "type": "string",
              "enum": [
               "frailty-and-dementia",
               "health-inequalities",
               "young-peoples-mental-health",
               "community-capacity-and-volunteering",
               "other"
              ]
             },
             "status": {
              "type": "string",
              "enum": [
               "idea",
               "planning",
               "testing",
               "implementing",
               "spreading",
               "sustaining",
               "closed"
              ]
             },
             "startDate": {
              "type": "string",
              "format": "date"
             },
             "endDate": {
              "type": "string",
              "format": "date"
             },
             "organisations": {
              "type": "object",
              "additionalProperties": {
               "type": "string"
              }
             },
             "team": {
              "type": "object",
              "additionalProperties": {
               "type": "string"
              }
             },
             "partners": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "tags": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "override": {
              "type": "string",
              "description": "Why text the PID guard flagged is not patient data (recorded)."
             }
            }
           },
           "SpreadInput": {
            "type": "object",
            "properties": {
             "organisation": {
              "type": "string"
             },
             "stage": {
              "type": "string",
              "enum": [
               "awareness",
               "interest",
               "decision",
               "action"
              ]
             },
             "date": {
              "type": "string",
              "format": "date"
             }
            },
            "required": [
             "organisation",
             "stage",
             "date"
            ]
           },
           "PDSAInput": {
            "type": "object",
            "properties": {
             "project": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
             },
             "title": {
              "type": "string"
             },
             "changeIdea": {
              "type": "string"
             },
             "status": {
              "type": "string",
              "enum": [
               "planned",
               "doing",
               "studying",
               "acting",
               "complete",
               "abandoned"
              ]
             },
             "objective": {
              "type": "string"
             },
             "questions": {
              "type": "string"
             },
             "prediction": {
              "type": "string"
             },
             "plan": {
              "type": "string"
             },
             "observations": {
              "type": "string"
             },
             "study": {
              "type": "string"
             },
             "decision": {
              "type": "string",
              "enum": [
               "adopt",
               "adapt",
               "abandon"
              ]
             },
             "startDate": {
              "type": "string",
              "format": "date"
             },
             "endDate": {
              "type": "string",
              "format": "date"
             },
             "override": {
              "type": "string"
             }
            }
           },
           "MeasureInput": {
            "type": "object",
            "properties": {
             "project": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
             },
             "name": {
              "type": "string"
             },
             "type": {
              "type": "string",
              "enum": [
               "outcome",
               "process",
               "balancing"
              ]
             },
             "definition": {
              "type": "string"
             },
             "unit": {
              "type": "string"
             },
             "direction": {
              "type": "string",
              "enum": [
               "higher-is-better",
               "lower-is-better"
              ]
             },
             "target": {
              "type": "number"
             },
             "override": {
              "type": "string"
             }
            },
            "required": [
             "name",
             "type",
             "direction"
            ]
           },
           "PointsInput": {
            "type": "object",
            "properties": {
             "points": {
              "type": "array",
              "minItems": 1,
              "maxItems": 1000,
              "items": {
               "type": "object",
               "properties": {
                "date": {
                 "type": "string",
                 "format": "date"
                },
                "value": {
                 "type": "number"
                },
                "annotation": {
                 "type": "string"
                },
                "baseline": {
                 "type": "boolean"
                }
               },
               "required": [
                "date",
                "value"
               ]
              }
             },
             "override": {
              "type": "string"
             }
            },
            "required": [
             "points"
            ]
           },
           "NoteInput": {
            "type": "object",
            "properties": {
             "title": {
              "type": "string"
             },
             "body": {
              "type": "string"
             },
             "project": {
              "type": "string",
              "pattern": "^[0-9a-f]{32}$"
             },
             "tags": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "override": {
              "type": "string"
             }
            },
            "required": [
             "title"
            ]
           },
           "SpliceInput": {
            "type": "object",
            "properties": {
             "base": {
              "type": "string",
              "description": "The version of the body the splice was made against."
             },
             "at": {
              "type": "integer",
              "minimum": 0,
              "description": "Offset in Unicode code points."
             },
             "delete": {
              "type": "integer",
              "minimum": 0
             },
             "insert": {
              "type": "string"
             },
             "override": {
              "type": "string"
             }
            },
            "required": [
             "base",
             "at",
             "delete",
             "insert"
            ]
           },
           "InviteInput": {
            "type": "object",
            "properties": {
             "role": {
              "type": "string",
              "enum": [
               "admin",
               "writer",
               "reader"
              ]
             },
             "validForHours": {
              "type": "number",
              "exclusiveMinimum": 0,
              "maximum": 720
             }
            },
            "required": [
             "role"
            ]
           }
          }
         },
         "paths": {
          "/v1/openapi.json": {
           "get": {
            "operationId": "getOpenAPI",
            "summary": "This document.",
            "parameters": [],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
                  "spaces": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/Space"
                   }
                  }
                 },
                 "required": [
                  "spaces"
                 ]
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
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
                  "members": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/Member"
                   }
                  }
                 },
                 "required": [
                  "members"
                 ]
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
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
                 "properties": {
                  "invite": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "invite"
                 ]
                }
               }
              }
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "403": {
              "description": "Not allowed (CSRF, role, frozen author).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "409": {
              "description": "Conflict (a newer schema, a forgotten base version).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "413": {
              "description": "The body is too large.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "415": {
              "description": "The body is not JSON.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "507": {
              "description": "The node's disk is full: nothing was written.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/InviteInput"
               }
              }
             }
            }
           }
          },
          "/v1/spaces/{space}/projects": {
           "get": {
            "operationId": "listProjects",
            "summary": "Projects, filtered.",
            "parameters": [
             {
              "name": "space",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "theme",
              "in": "query",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "status",
              "in": "query",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "organisation",
              "in": "query",
              "schema": {
               "type": "string"
              },
              "description": "An organisation id: its projects and those of organisations below it."
             },
             {
              "name": "spread",
              "in": "query",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "q",
              "in": "query",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "limit",
              "in": "query",
              "schema": {
               "type": "integer",
               "minimum": 1,
               "maximum": 500
              }
             },
             {
              "name": "cursor",
              "in": "query",
              "schema": {
               "type": "string",
               "pattern": "^[0-9]{1,9}$"
              }
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
                  "items": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/ProjectSummary"
                   }
                  },
                  "total": {
                   "type": "integer",
                   "minimum": 0
                  },
                  "next": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "items",
                  "total"
                 ]
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             }
            ],
            "responses": {
             "201": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Project"
                }
               }
              }
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "403": {
              "description": "Not allowed (CSRF, role, frozen author).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "409": {
              "description": "Conflict (a newer schema, a forgotten base version).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "413": {
              "description": "The body is too large.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "415": {
              "description": "The body is not JSON.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "507": {
              "description": "The node's disk is full: nothing was written.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/ProjectInput"
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The document's id."
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Project"
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The document's id."
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Project"
                }
               }
              }
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "403": {
              "description": "Not allowed (CSRF, role, frozen author).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "409": {
              "description": "Conflict (a newer schema, a forgotten base version).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "413": {
              "description": "The body is too large.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "415": {
              "description": "The body is not JSON.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "507": {
              "description": "The node's disk is full: nothing was written.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/ProjectInput"
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The document's id."
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Project"
                }
               }
              }
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "403": {
              "description": "Not allowed (CSRF, role, frozen author).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "409": {
              "description": "Conflict (a newer schema, a forgotten base version).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "413": {
              "description": "The body is too large.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "415": {
              "description": "The body is not JSON.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "507": {
              "description": "The node's disk is full: nothing was written.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/SpreadInput"
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "project",
              "in": "query",
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              }
             },
             {
              "name": "limit",
              "in": "query",
              "schema": {
               "type": "integer",
               "minimum": 1,
               "maximum": 500
              }
             },
             {
              "name": "cursor",
              "in": "query",
              "schema": {
               "type": "string",
               "pattern": "^[0-9]{1,9}$"
              }
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
                  "items": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/PDSACycle"
                   }
                  },
                  "total": {
                   "type": "integer",
                   "minimum": 0
                  },
                  "next": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "items",
                  "total"
                 ]
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             }
            ],
            "responses": {
             "201": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/PDSACycle"
                }
               }
              }
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "403": {
              "description": "Not allowed (CSRF, role, frozen author).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "409": {
              "description": "Conflict (a newer schema, a forgotten base version).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "413": {
              "description": "The body is too large.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "415": {
              "description": "The body is not JSON.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "507": {
              "description": "The node's disk is full: nothing was written.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/PDSAInput"
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The document's id."
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/PDSACycle"
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The document's id."
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/PDSACycle"
                }
               }
              }
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "403": {
              "description": "Not allowed (CSRF, role, frozen author).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "409": {
              "description": "Conflict (a newer schema, a forgotten base version).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "413": {
              "description": "The body is too large.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "415": {
              "description": "The body is not JSON.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "507": {
              "description": "The node's disk is full: nothing was written.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/PDSAInput"
               }
              }
             }
            }
           }
          },
          "/v1/spaces/{space}/measures": {
           "get": {
            "operationId": "listMeasures",
            "summary": "Measures (of one project, when given).",
            "parameters": [
             {
              "name": "space",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "project",
              "in": "query",
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              }
             },
             {
              "name": "limit",
              "in": "query",
              "schema": {
               "type": "integer",
               "minimum": 1,
               "maximum": 500
              }
             },
             {
              "name": "cursor",
              "in": "query",
              "schema": {
               "type": "string",
               "pattern": "^[0-9]{1,9}$"
              }
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
                  "items": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/Measure"
                   }
                  },
                  "total": {
                   "type": "integer",
                   "minimum": 0
                  },
                  "next": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "items",
                  "total"
                 ]
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             }
            ],
            "responses": {
             "201": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Measure"
                }
               }
              }
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "403": {
              "description": "Not allowed (CSRF, role, frozen author).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "409": {
              "description": "Conflict (a newer schema, a forgotten base version).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "413": {
              "description": "The body is too large.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "415": {
              "description": "The body is not JSON.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "507": {
              "description": "The node's disk is full: nothing was written.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/MeasureInput"
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The document's id."
             },
             {
              "name": "chart",
              "in": "query",
              "schema": {
               "type": "string",
               "enum": [
                "run",
                "xmr"
               ]
              }
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Measure"
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The document's id."
             },
             {
              "name": "chart",
              "in": "query",
              "schema": {
               "type": "string",
               "enum": [
                "run",
                "xmr"
               ]
              }
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "image/svg+xml": {
                "schema": {
                 "type": "string"
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The document's id."
             }
            ],
            "responses": {
             "201": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Measure"
                }
               }
              }
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "403": {
              "description": "Not allowed (CSRF, role, frozen author).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "409": {
              "description": "Conflict (a newer schema, a forgotten base version).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "413": {
              "description": "The body is too large.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "415": {
              "description": "The body is not JSON.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "507": {
              "description": "The node's disk is full: nothing was written.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/PointsInput"
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "project",
              "in": "query",
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              }
             },
             {
              "name": "limit",
              "in": "query",
              "schema": {
               "type": "integer",
               "minimum": 1,
               "maximum": 500
              }
             },
             {
              "name": "cursor",
              "in": "query",
              "schema": {
               "type": "string",
               "pattern": "^[0-9]{1,9}$"
              }
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
                  "items": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/Note"
                   }
                  },
                  "total": {
                   "type": "integer",
                   "minimum": 0
                  },
                  "next": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "items",
                  "total"
                 ]
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             }
            ],
            "responses": {
             "201": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Note"
                }
               }
              }
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "403": {
              "description": "Not allowed (CSRF, role, frozen author).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "409": {
              "description": "Conflict (a newer schema, a forgotten base version).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "413": {
              "description": "The body is too large.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "415": {
              "description": "The body is not JSON.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "507": {
              "description": "The node's disk is full: nothing was written.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/NoteInput"
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The document's id."
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Note"
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The document's id."
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Note"
                }
               }
              }
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "403": {
              "description": "Not allowed (CSRF, role, frozen author).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "409": {
              "description": "Conflict (a newer schema, a forgotten base version).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "413": {
              "description": "The body is too large.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "415": {
              "description": "The body is not JSON.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "422": {
              "description": "A field is not allowed; `field` and `allowed` say which and what is.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "507": {
              "description": "The node's disk is full: nothing was written.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            },
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/SpliceInput"
               }
              }
             }
            }
           }
          },
          "/v1/spaces/{space}/people": {
           "get": {
            "operationId": "listPeople",
            "summary": "People in the directory.",
            "parameters": [
             {
              "name": "space",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "limit",
              "in": "query",
              "schema": {
               "type": "integer",
               "minimum": 1,
               "maximum": 500
              }
             },
             {
              "name": "cursor",
              "in": "query",
              "schema": {
               "type": "string",
               "pattern": "^[0-9]{1,9}$"
              }
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
                  "items": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/Person"
                   }
                  },
                  "total": {
                   "type": "integer",
                   "minimum": 0
                  },
                  "next": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "items",
                  "total"
                 ]
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "limit",
              "in": "query",
              "schema": {
               "type": "integer",
               "minimum": 1,
               "maximum": 500
              }
             },
             {
              "name": "cursor",
              "in": "query",
              "schema": {
               "type": "string",
               "pattern": "^[0-9]{1,9}$"
              }
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
                  "items": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/Organisation"
                   }
                  },
                  "total": {
                   "type": "integer",
                   "minimum": 0
                  },
                  "next": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "items",
                  "total"
                 ]
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "format",
              "in": "query",
              "schema": {
               "type": "string",
               "enum": [
                "json",
                "csv"
               ]
              }
             }
            ],
            "responses": {
             "200": {
              "description": "OK",
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              },
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Report"
                }
               },
               "text/csv": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The space's id."
             },
             {
              "name": "id",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string",
               "pattern": "^[0-9a-f]{32}$"
              },
              "description": "The document's id."
             },
             {
              "name": "limit",
              "in": "query",
              "schema": {
               "type": "integer",
               "minimum": 1,
               "maximum": 500
              }
             },
             {
              "name": "cursor",
              "in": "query",
              "schema": {
               "type": "string",
               "pattern": "^[0-9]{1,9}$"
              }
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
                  "items": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/HistoryEntry"
                   }
                  },
                  "total": {
                   "type": "integer",
                   "minimum": 0
                  },
                  "next": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "items",
                  "total"
                 ]
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "404": {
              "description": "No such space or document.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "minLength": 1,
               "maxLength": 200
              }
             },
             {
              "name": "limit",
              "in": "query",
              "schema": {
               "type": "integer",
               "minimum": 1,
               "maximum": 500
              }
             },
             {
              "name": "cursor",
              "in": "query",
              "schema": {
               "type": "string",
               "pattern": "^[0-9]{1,9}$"
              }
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
                  "items": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/SearchHit"
                   }
                  },
                  "total": {
                   "type": "integer",
                   "minimum": 0
                  },
                  "next": {
                   "type": "string"
                  }
                 },
                 "required": [
                  "items",
                  "total"
                 ]
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "400": {
              "description": "The request is malformed (a query value, JSON syntax, nesting).",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Sync"
                }
               }
              },
              "headers": {
               "ETag": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "304": {
              "description": "Not modified (If-None-Match matched the ETag)."
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
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
              "schema": {
               "type": "string",
               "pattern": "^[0-9]{1,18}$"
              }
             }
            ],
            "responses": {
             "200": {
              "description": "An event stream.",
              "content": {
               "text/event-stream": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "401": {
              "description": "No valid token or session.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "503": {
              "description": "Too many event streams.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            }
           }
          }
         }
        }
        """#
}
