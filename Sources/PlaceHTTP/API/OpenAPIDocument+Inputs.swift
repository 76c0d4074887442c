// The OpenAPI document's schemas: what each request body may hold.

extension OpenAPIDocument {
    /// Members of `components.schemas`: what each request body may hold.
    static let schemasInputs = #"""
        "ProjectInput": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "title": {"type": "string"},
            "aim": {"type": "string"},
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
              "enum": ["idea", "planning", "testing", "implementing", "spreading", "sustaining", "closed"]
            },
            "startDate": {"type": "string", "format": "date"},
            "endDate": {"type": "string", "format": "date"},
            "organisations": {"type": "object", "additionalProperties": {"type": "string"}},
            "team": {"type": "object", "additionalProperties": {"type": "string"}},
            "partners": {"type": "array", "items": {"type": "string"}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "override": {
              "type": "string",
              "description": "Why text the PID guard flagged is not patient data (recorded)."
            }
          }
        },
        "SpreadInput": {
          "type": "object",
          "properties": {
            "organisation": {"type": "string"},
            "stage": {"type": "string", "enum": ["awareness", "interest", "decision", "action"]},
            "date": {"type": "string", "format": "date"}
          },
          "required": ["organisation", "stage", "date"]
        },
        "PDSAInput": {
          "type": "object",
          "properties": {
            "project": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "title": {"type": "string"},
            "changeIdea": {"type": "string"},
            "status": {
              "type": "string",
              "enum": ["planned", "doing", "studying", "acting", "complete", "abandoned"]
            },
            "objective": {"type": "string"},
            "questions": {"type": "string"},
            "prediction": {"type": "string"},
            "plan": {"type": "string"},
            "observations": {"type": "string"},
            "study": {"type": "string"},
            "decision": {"type": "string", "enum": ["adopt", "adapt", "abandon"]},
            "startDate": {"type": "string", "format": "date"},
            "endDate": {"type": "string", "format": "date"},
            "override": {"type": "string"}
          }
        },
        "MeasureInput": {
          "type": "object",
          "properties": {
            "project": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "name": {"type": "string"},
            "type": {"type": "string", "enum": ["outcome", "process", "balancing"]},
            "definition": {"type": "string"},
            "unit": {"type": "string"},
            "direction": {"type": "string", "enum": ["higher-is-better", "lower-is-better"]},
            "target": {"type": "number"},
            "override": {"type": "string"}
          },
          "required": ["name", "type", "direction"]
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
                  "date": {"type": "string", "format": "date"},
                  "value": {"type": "number"},
                  "annotation": {"type": "string"},
                  "baseline": {"type": "boolean"}
                },
                "required": ["date", "value"]
              }
            },
            "override": {"type": "string"}
          },
          "required": ["points"]
        },
        "NoteInput": {
          "type": "object",
          "properties": {
            "title": {"type": "string"},
            "body": {"type": "string"},
            "project": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "override": {"type": "string"}
          },
          "required": ["title"]
        },
        "SpliceInput": {
          "type": "object",
          "properties": {
            "base": {"type": "string", "description": "The version of the body the splice was made against."},
            "at": {"type": "integer", "minimum": 0, "description": "Offset in Unicode code points."},
            "delete": {"type": "integer", "minimum": 0},
            "insert": {"type": "string"},
            "override": {"type": "string"}
          },
          "required": ["base", "at", "delete", "insert"]
        },
        "InviteInput": {
          "type": "object",
          "properties": {
            "role": {"type": "string", "enum": ["admin", "writer", "reader"]},
            "validForHours": {"type": "number", "exclusiveMinimum": 0, "maximum": 720}
          },
          "required": ["role"]
        }
        """#
}
