"""The service's OpenAPI 3.1 document, built from the JSON contract's schema (lint/report/newslint.schema.json)
and the request fields in lint/server/app.py, so neither can drift from it. Committed as docs/openapi.json
(regenerate: ``python -m lint serve --print-openapi > docs/openapi.json``)."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from lint import __version__
from lint.report.json import SCHEMA_PATH


def _refs(obj: Any) -> Any:
    """JSON Schema $defs references rewritten to OpenAPI components."""
    if isinstance(obj, dict):
        return {k: ("#/components/schemas/Finding" if k == "$ref" and v == "#/$defs/finding" else _refs(v))
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [_refs(v) for v in obj]
    return obj


def _error(with_field: bool = False) -> dict[str, Any]:
    props: dict[str, Any] = {"error": {"type": "string", "description": "one line saying what is wrong"}}
    if with_field:
        props["field"] = {"type": ["string", "null"],
                          "description": "the request field at fault (`body` when the body is not a JSON object)"}
    return {"type": "object", "required": list(props), "properties": props}


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def _limits() -> dict[str, Any]:
    return {
        "401": _json("#/components/schemas/Error", "missing or wrong bearer token (when the server has one)"),
        "408": _json("#/components/schemas/Error", "the body did not arrive within --read-timeout"),
        "413": _json("#/components/schemas/Error", "body over --max-body (default 1 MiB)"),
        "503": _json("#/components/schemas/Error", "queue full (--max-queue) or no answer within --timeout; "
                     "Retry-After is set"),
    }


@cache
def _document() -> dict[str, Any]:
    from lint.server.app import LINT_FIELDS

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    finding = _refs(schema["$defs"]["finding"])
    file_obj = _refs(schema["properties"]["files"]["items"])
    result = copy.deepcopy(file_obj)
    result["description"] = "The JSON contract's file object for the submitted text (`newslint check --format json`)."
    result["properties"]["fixed"] = {"type": ["string", "null"],
                                     "description": "with fix: the fixed text (null when nothing changed)"}
    result["properties"]["fixes_applied"] = {"type": "integer", "minimum": 0, "description": "with fix"}
    request: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "description": "Exactly one of text, markdown or html.",
        "properties": {name: {"type": t, "description": d} for name, (t, _, d) in LINT_FIELDS.items()},
    }
    request["properties"]["lang"]["enum"] = ["zh", "en"]
    rule = {
        "type": "object",
        "required": ["id", "category", "level", "fix", "enabled", "description", "source"],
        "properties": {
            "id": {"type": "string"}, "category": {"type": "string"},
            "level": {"enum": ["error", "warning", "suggestion"]},
            "fix": {"enum": ["safe", "unsafe", None]}, "enabled": {"type": "boolean"},
            "status": {"type": "string"}, "message": {"type": "string"}, "message_en": {"type": "string"},
            "description": {"type": "string"}, "source": {"type": "string"},
        },
    }
    lt_params = {
        "type": "object",
        "properties": {
            "text": {"type": "string", "description": "the text to check"},
            "data": {"type": "string", "description": "annotated text instead of text: JSON "
                     "{\"annotation\": [{\"text\": …}, {\"markup\": …, \"interpretAs\": …}]}; markup is not checked "
                     "and offsets count over the whole annotated text"},
            "language": {"type": "string", "description": "zh-CN, zh or auto (anything else: 400)"},
            "enabledRules": {"type": "string", "description": "comma-separated newslint rule ids to enable"},
            "disabledRules": {"type": "string", "description": "comma-separated rule ids to disable"},
            "enabledCategories": {"type": "string", "description": "comma-separated categories (TYPO or typo …)"},
            "disabledCategories": {"type": "string"},
            "enabledOnly": {"type": "string", "enum": ["true", "false"]},
            "level": {"type": "string", "enum": ["default", "picky"],
                      "description": "default: errors and warnings; picky: suggestions too"},
        },
        "required": ["language"],
    }
    lt_match = {
        "type": "object",
        "required": ["message", "shortMessage", "replacements", "offset", "length", "context", "sentence", "type",
                     "rule", "ignoreForIncompleteSentence", "contextForSureMatch"],
        "properties": {
            "message": {"type": "string"}, "shortMessage": {"type": "string"},
            "replacements": {"type": "array", "items": {"type": "object", "properties": {"value": {"type": "string"}}}},
            "offset": {"type": "integer", "description": "UTF-16 code units"},
            "length": {"type": "integer", "description": "UTF-16 code units"},
            "context": {"type": "object", "properties": {"text": {"type": "string"}, "offset": {"type": "integer"},
                                                         "length": {"type": "integer"}}},
            "sentence": {"type": "string"},
            "type": {"type": "object", "properties": {"typeName": {"type": "string"}}},
            "rule": {"type": "object", "properties": {
                "id": {"type": "string"}, "description": {"type": "string"}, "issueType": {"type": "string"},
                "category": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
            }},
            "ignoreForIncompleteSentence": {"type": "boolean"},
            "contextForSureMatch": {"type": "integer"},
        },
    }
    lt_response = {
        "type": "object",
        "required": ["software", "language", "matches"],
        "properties": {
            "software": {"type": "object", "properties": {
                "name": {"type": "string"}, "version": {"type": "string"}, "buildDate": {"type": "string"},
                "apiVersion": {"const": 1}, "status": {"type": "string"}}},
            "warnings": {"type": "object", "properties": {"incompleteResults": {"type": "boolean"}}},
            "language": {"type": "object", "properties": {
                "name": {"type": "string"}, "code": {"type": "string"}, "detectedLanguage": {"type": "object"}}},
            "matches": {"type": "array", "items": {"$ref": "#/components/schemas/LanguageToolMatch"}},
        },
    }
    lt_400 = {"description": "a missing or wrong parameter (plain text, as LanguageTool answers)",
              "content": {"text/plain": {"schema": {"type": "string"}}}}
    lt_body = {"content": {
        "application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/LanguageToolParameters"}},
        "multipart/form-data": {"schema": {"$ref": "#/components/schemas/LanguageToolParameters"}},
    }}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "newslint service",
            "version": __version__,
            "description": "Editorial QA linting of Simplified Chinese news copy (`newslint serve`). Offsets: "
                           "`offset`/`end_offset` in code points, `*_utf16` in UTF-16 units (JavaScript), and for "
                           "HTML `source_offset` into the HTML source. /v2 speaks LanguageTool's HTTP API. When the "
                           "server has a token, every request but /healthz needs `Authorization: Bearer <token>`.",
        },
        "paths": {
            "/v1/lint": {"post": {
                "summary": "Lint one text, Markdown or HTML payload",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/LintRequest"}}}},
                "responses": {
                    "200": _json("#/components/schemas/LintResult", "the findings (and the fixed text with fix)"),
                    "422": _json("#/components/schemas/ValidationError",
                                 "malformed JSON, an unknown field, a wrong type, no or two text fields, a bad config"),
                    **_limits(),
                },
            }},
            "/v1/rules": {"get": {
                "summary": "Every rule, with its level and whether the server's config enables it",
                "responses": {"200": {"description": "the rules", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Rule"}}}}}},
            }},
            "/healthz": {"get": {
                "summary": "Liveness (never needs the token; answers while the worker is busy)",
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["status"], "properties": {
                        "status": {"const": "ok"}, "version": {"type": "string"},
                        "queued": {"type": "integer", "description": "requests queued or running"},
                        "max_queue": {"type": "integer"}, "uptime_s": {"type": "number"}}}}}}},
            }},
            "/openapi.json": {"get": {"summary": "This document",
                                      "responses": {"200": {"description": "OpenAPI 3.1"}}}},
            "/v2/check": {
                "post": {"summary": "LanguageTool-compatible check", "requestBody": lt_body, "responses": {
                    "200": _json("#/components/schemas/LanguageToolResponse", "LanguageTool's response shape"),
                    "400": lt_400, **_limits()}},
                "get": {"summary": "LanguageTool-compatible check (parameters in the query string)", "responses": {
                    "200": _json("#/components/schemas/LanguageToolResponse", "LanguageTool's response shape"),
                    "400": lt_400}},
            },
            "/v2/languages": {"get": {
                "summary": "LanguageTool-compatible language list (Chinese only)",
                "responses": {"200": {"description": "languages", "content": {"application/json": {"schema": {
                    "type": "array", "items": {"type": "object", "properties": {
                        "name": {"type": "string"}, "code": {"type": "string"},
                        "longCode": {"type": "string"}}}}}}}},
            }},
        },
        "components": {"schemas": {
            "LintRequest": request,
            "LintResult": result,
            "Finding": finding,
            "Rule": rule,
            "Error": _error(),
            "ValidationError": _error(with_field=True),
            "LanguageToolParameters": lt_params,
            "LanguageToolResponse": lt_response,
            "LanguageToolMatch": lt_match,
        }},
    }


def document() -> dict[str, Any]:
    return copy.deepcopy(_document())


def text() -> str:
    return json.dumps(document(), ensure_ascii=False, indent=2) + "\n"
