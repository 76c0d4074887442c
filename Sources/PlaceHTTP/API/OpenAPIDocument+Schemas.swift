// The OpenAPI document's schemas: what each response holds.

extension OpenAPIDocument {
    /// Members of `components.schemas`: what each response holds.
    static let schemasSchemas = #"""
        "Problem": {
          "type": "object",
          "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "field": {"type": "string"},
            "allowed": {"type": "array", "items": {"type": "string"}}
          },
          "required": ["type", "title", "status", "detail"]
        },
        "Space": {
          "type": "object",
          "properties": {
            "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "name": {"type": "string"},
            "role": {"type": "string"},
            "canWrite": {"type": "boolean"},
            "canRead": {"type": "boolean"},
            "explanation": {"type": "string"}
          },
          "required": ["id", "name", "canWrite", "canRead", "explanation"]
        },
        "Explanation": {
          "type": "object",
          "description": "Why a space is not (yet) in sync on this node: plain sentences first, then the same as data.",
          "properties": {
            "space": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "sentences": {"type": "array", "items": {"type": "string"}},
            "waiting": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "author": {"type": "string"}, "seq": {"type": "integer", "minimum": 0},
                  "envelopes": {"type": "integer", "minimum": 0}, "heldBy": {"type": "array", "items": {"type": "string"}}
                },
                "required": ["seq", "envelopes", "heldBy"]
              }
            },
            "refusals": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "author": {"type": "string"}, "seq": {"type": "integer", "minimum": 0}, "reason": {"type": "string"},
                  "source": {"type": "string"}, "at": {"type": "number"}
                },
                "required": ["reason", "source", "at"]
              }
            },
            "peers": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "key": {"type": "string"}, "connected": {"type": "boolean"}, "lastContact": {"type": "number"},
                  "lastError": {"type": "string"}, "peerLacks": {"type": "integer", "minimum": 0},
                  "weLack": {"type": "integer", "minimum": 0}
                },
                "required": ["key", "connected", "peerLacks", "weLack"]
              }
            },
            "missingKeyEpoch": {"type": "integer", "minimum": 0},
            "keyFrom": {"type": "array", "items": {"type": "string"}},
            "delivery": {
              "type": "object",
              "description": "What the members' signed head attestations say: receipts, gaps, peers caught withholding.",
              "properties": {
                "otherMembers": {"type": "integer", "minimum": 0},
                "attestations": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "node": {"type": "string"}, "role": {"type": "string"}, "issuedAt": {"type": "number"},
                      "receivedAt": {"type": "number"}, "lacks": {"type": "integer", "minimum": 0},
                      "ahead": {"type": "integer", "minimum": 0}
                    },
                    "required": ["node", "role", "issuedAt", "receivedAt", "lacks", "ahead"]
                  }
                },
                "gaps": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "author": {"type": "string"}, "held": {"type": "integer", "minimum": 0},
                      "attested": {"type": "integer", "minimum": 0},
                      "attestedBy": {"type": "array", "items": {"type": "string"}}, "since": {"type": "number"},
                      "suspected": {"type": "boolean"}
                    },
                    "required": ["author", "held", "attested", "attestedBy", "since", "suspected"]
                  }
                },
                "withheld": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "peer": {"type": "string"}, "author": {"type": "string"},
                      "attested": {"type": "integer", "minimum": 0}, "claimed": {"type": "integer", "minimum": 0},
                      "at": {"type": "number"}
                    },
                    "required": ["peer", "author", "attested", "claimed", "at"]
                  }
                }
              },
              "required": ["otherMembers", "attestations", "gaps", "withheld"]
            }
          },
          "required": ["space", "sentences", "waiting", "refusals", "peers", "keyFrom", "delivery"]
        },
        "Member": {
          "type": "object",
          "properties": {"node": {"type": "string"}, "role": {"type": "string"}, "name": {"type": "string"}},
          "required": ["node", "role"]
        },
        "ProjectSummary": {
          "type": "object",
          "properties": {
            "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "title": {"type": "string"},
            "theme": {"type": "string"},
            "status": {"type": "string"},
            "organisations": {"type": "array", "items": {"type": "string"}},
            "startDate": {"type": "string"}
          },
          "required": ["id", "organisations"]
        },
        "Project": {
          "type": "object",
          "properties": {
            "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "title": {"type": "string"},
            "aim": {"type": "string"},
            "theme": {"type": "string"},
            "status": {"type": "string"},
            "startDate": {"type": "string"},
            "endDate": {"type": "string"},
            "organisations": {"type": "object", "additionalProperties": {"type": "string"}},
            "team": {"type": "object", "additionalProperties": {"type": "string"}},
            "partners": {"type": "array", "items": {"type": "string"}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "drivers": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "id": {"type": "string"},
                  "level": {"type": "string"},
                  "text": {"type": "string"},
                  "parent": {"type": "string"}
                },
                "required": ["id", "level", "text"]
              }
            },
            "changeIdeas": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "id": {"type": "string"},
                  "title": {"type": "string"},
                  "driver": {"type": "string"}
                },
                "required": ["id", "title"]
              }
            },
            "spread": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "organisation": {"type": "string"},
                  "stage": {"type": "string"},
                  "dates": {"type": "object", "additionalProperties": {"type": "string"}}
                },
                "required": ["organisation", "dates"]
              }
            },
            "adoptedFrom": {"type": "array", "items": {"type": "string", "pattern": "^[0-9a-f]{32}$"}},
            "pdsaCycles": {"type": "array", "items": {"type": "string", "pattern": "^[0-9a-f]{32}$"}},
            "measures": {"type": "array", "items": {"type": "string", "pattern": "^[0-9a-f]{32}$"}},
            "notes": {"type": "array", "items": {"type": "string", "pattern": "^[0-9a-f]{32}$"}},
            "conflicts": {
              "type": "object",
              "additionalProperties": {"type": "array", "items": {"type": "string"}}
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
            "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "project": {"type": "string"},
            "changeIdea": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "string"},
            "objective": {"type": "string"},
            "questions": {"type": "string"},
            "prediction": {"type": "string"},
            "plan": {"type": "string"},
            "observations": {"type": "string"},
            "study": {"type": "string"},
            "decision": {"type": "string"},
            "startDate": {"type": "string"},
            "endDate": {"type": "string"},
            "previous": {"type": "string"},
            "conflicts": {
              "type": "object",
              "additionalProperties": {"type": "array", "items": {"type": "string"}}
            }
          },
          "required": ["id", "conflicts"]
        },
        "Analysis": {
          "type": "object",
          "properties": {
            "kind": {"type": "string", "enum": ["run", "xmr"]},
            "pointCount": {"type": "integer"},
            "centre": {"type": "number"},
            "lowerLimit": {"type": "number"},
            "upperLimit": {"type": "number"},
            "signals": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "rule": {"type": "string"},
                  "improvement": {"type": "boolean"},
                  "points": {"type": "array", "items": {"type": "string"}},
                  "sentence": {"type": "string"}
                },
                "required": ["rule", "points", "sentence"]
              }
            },
            "summary": {"type": "array", "items": {"type": "string"}},
            "svg": {"type": "string"}
          },
          "required": ["kind", "pointCount", "signals", "summary", "svg"]
        },
        "Measure": {
          "type": "object",
          "properties": {
            "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "project": {"type": "string"},
            "name": {"type": "string"},
            "type": {"type": "string"},
            "definition": {"type": "string"},
            "unit": {"type": "string"},
            "direction": {"type": "string"},
            "target": {"type": "number"},
            "points": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "id": {"type": "string"},
                  "date": {"type": "string"},
                  "value": {"type": "number"},
                  "annotation": {"type": "string"},
                  "baseline": {"type": "boolean"},
                  "history": {"type": "array", "items": {"type": "number"}},
                  "conflicts": {"type": "array", "items": {"type": "number"}}
                },
                "required": ["id", "date", "value", "baseline", "history", "conflicts"]
              }
            },
            "phaseStarts": {"type": "array", "items": {"type": "string"}},
            "analysis": {"$ref": "#/components/schemas/Analysis"}
          },
          "required": ["id", "points", "phaseStarts"]
        },
        "Note": {
          "type": "object",
          "properties": {
            "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "title": {"type": "string"},
            "project": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "body": {"type": "string"},
            "createdAt": {"type": "string"},
            "createdAtClockAhead": {"type": "boolean", "description": "the writing node's clock was over 48 hours ahead"},
            "version": {"type": "string"}
          },
          "required": ["id", "tags", "body", "createdAtClockAhead", "version"]
        },
        "Organisation": {
          "type": "object",
          "properties": {
            "id": {"type": "string"},
            "kind": {"type": "string"},
            "name": {"type": "string"},
            "parent": {"type": "string"},
            "odsCode": {"type": "string"},
            "example": {"type": "boolean"}
          },
          "required": ["id", "kind", "name", "example"]
        },
        "Person": {
          "type": "object",
          "properties": {
            "id": {"type": "string"},
            "name": {"type": "string"},
            "organisation": {"type": "string"},
            "roles": {"type": "array", "items": {"type": "string"}}
          },
          "required": ["id", "name", "roles"]
        },
        "SearchHit": {
          "type": "object",
          "properties": {
            "space": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "document": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "title": {"type": "string"},
            "excerpt": {"type": "string"}
          },
          "required": ["space", "document", "excerpt"]
        },
        "HistoryEntry": {
          "type": "object",
          "properties": {
            "envelope": {"type": "string"},
            "author": {"type": "string"},
            "seq": {"type": "integer"},
            "applied": {"type": "boolean"}
          },
          "required": ["envelope", "author", "seq", "applied"]
        },
        "Peer": {
          "type": "object",
          "properties": {
            "key": {"type": "string"},
            "node": {"type": "string"},
            "address": {"type": "string"},
            "direction": {"type": "string"},
            "connected": {"type": "boolean"},
            "lastContact": {"type": "number"},
            "lastError": {"type": "string"},
            "updatedAt": {"type": "number"},
            "spaces": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "space": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                  "peerLacks": {"type": "integer"},
                  "weLack": {"type": "integer"}
                },
                "required": ["space", "peerLacks", "weLack"]
              }
            }
          },
          "required": ["key", "address", "direction", "connected", "updatedAt", "spaces"]
        },
        "Sync": {
          "type": "object",
          "properties": {
            "node": {"type": "string"},
            "pending": {"type": "integer"},
            "peers": {"type": "array", "items": {"$ref": "#/components/schemas/Peer"}},
            "spaces": {"type": "array", "items": {"$ref": "#/components/schemas/Space"}}
          },
          "required": ["node", "pending", "peers", "spaces"]
        },
        "Report": {
          "type": "object",
          "properties": {
            "sections": {"type": "array", "items": {"type": "object"}},
            "unreadableDocuments": {"type": "integer"},
            "notesFromClocksAhead": {"type": "integer"}
          },
          "required": ["sections"]
        }
        """#
}
