"""The platform contract (`openapi.yaml` beside this file) and a checker for the JSON Schema subset it uses.

Both sides use it: the sandbox checks every request body and query before acting on it, the client checks every
answer before turning it into a typed result. Problems are reported by location and expectation only (never the
value itself), so they can go to the log without personal data.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

CONTRACT_FILE = Path(__file__).with_name("openapi.yaml")
_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


@dataclass(frozen=True)
class Operation:
    method: str
    template: str  # "/v1/applications/{receipt_no}"
    spec: dict[str, Any]
    path_params: dict[str, str]
    parameters: tuple[dict[str, Any], ...]

    @property
    def operation_id(self) -> str:
        return str(self.spec.get("operationId", f"{self.method} {self.template}"))

    @property
    def creating(self) -> bool:
        """A creating call: it must carry an Idempotency-Key."""
        return any(p["name"] == "Idempotency-Key" for p in self.parameters)


class Contract:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._routes: list[tuple[str, list[str], dict[str, Any]]] = []
        for template, item in document["paths"].items():
            for method, spec in item.items():
                self._routes.append((method.upper(), template.strip("/").split("/"), spec))
        # Literal segments beat parameters: /v1/appointments/slots before /v1/appointments/{x}.
        self._routes.sort(key=lambda r: sum(s.startswith("{") for s in r[1]))

    # -- operations -------------------------------------------------------------------------------------------
    def operation(self, method: str, target: str) -> Operation | None:
        """The operation a request (method, path with optional query) calls, or None when not in the contract."""
        segments = urlsplit(target).path.strip("/").split("/")
        for route_method, route, spec in self._routes:
            if route_method != method.upper() or len(route) != len(segments):
                continue
            params: dict[str, str] = {}
            for pattern, actual in zip(route, segments):
                if pattern.startswith("{"):
                    params[pattern[1:-1]] = actual
                elif pattern != actual:
                    break
            else:
                parameters = tuple(self._deref(p) for p in spec.get("parameters", []))
                return Operation(method.upper(), "/" + "/".join(route), spec, params, parameters)
        return None

    def operations(self) -> list[tuple[str, str]]:
        return [(m, "/" + "/".join(t)) for m, t, _ in self._routes]

    # -- requests -----------------------------------------------------------------------------------------------
    def check_request(
        self, op: Operation, target: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> list[str]:
        """Problems with a request: path and query parameters, the Idempotency-Key header, the body."""
        problems: list[str] = []
        query = {k: v[-1] for k, v in parse_qs(urlsplit(target).query, keep_blank_values=True).items()}
        lowered = {k.lower(): v for k, v in (headers or {}).items()}
        for param in op.parameters:
            where, name = param["in"], param["name"]
            source = {"path": op.path_params, "query": query, "header": lowered}.get(where, {})
            key = name.lower() if where == "header" else name
            if key not in source:
                if param.get("required"):
                    problems.append(f"{where} parameter '{name}' is missing")
                continue
            problems += self.check(param.get("schema", {}), source[key], f"{where}.{name}")
        request_body = op.spec.get("requestBody")
        if request_body:
            content = request_body["content"]
            schema = next(iter(content.values()))["schema"]
            if body is None:
                problems.append("the request body is missing")
            else:
                problems += self.check(schema, body, "body")
        return problems

    def request_media_type(self, op: Operation) -> str | None:
        body = op.spec.get("requestBody")
        return next(iter(body["content"])) if body else None

    # -- answers ------------------------------------------------------------------------------------------------
    def check_response(self, op: Operation, status: int, body: Any) -> list[str]:
        responses = op.spec["responses"]
        answer = responses.get(str(status)) or responses.get("default")
        if answer is None:
            return [f"status {status} is not an answer of {op.operation_id}"]
        answer = self._deref(answer)
        schema = answer["content"]["application/json"]["schema"]
        problems = self.check(schema, body, "answer")
        if 200 <= status < 300 and isinstance(body, dict) and body.get("ok") is not True:
            problems.append(f"answer: status {status} with ok other than true")
        if status >= 400 and isinstance(body, dict) and body.get("ok") is not False:
            problems.append(f"answer: status {status} with ok other than false")
        return problems

    # -- the schema subset ------------------------------------------------------------------------------------
    def check(self, schema: dict[str, Any], value: Any, where: str) -> list[str]:
        problems: list[str] = []
        if "$ref" in schema:
            problems += self.check(self._deref({"$ref": schema["$ref"]}), value, where)
            schema = {k: v for k, v in schema.items() if k != "$ref"}
        for sub in schema.get("allOf", []):
            problems += self.check(sub, value, where)
        if "anyOf" in schema and all(self.check(s, value, where) for s in schema["anyOf"]):
            problems.append(f"{where}: matches none of the allowed shapes")
        if "const" in schema and value != schema["const"]:
            problems.append(f"{where}: expected the constant {schema['const']!r}")
        if "enum" in schema and value not in schema["enum"]:
            problems.append(f"{where}: expected one of {schema['enum']}")
        if "type" in schema:
            kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(_is_type(value, k) for k in kinds):
                return [*problems, f"{where}: expected {' or '.join(kinds)}"]
        if isinstance(value, str):
            problems += _check_string(schema, value, where)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                problems.append(f"{where}: expected at least {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                problems.append(f"{where}: expected at most {schema['maximum']}")
        elif isinstance(value, list):
            if len(value) < schema.get("minItems", 0):
                problems.append(f"{where}: expected at least {schema['minItems']} items")
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                problems.append(f"{where}: expected at most {schema['maxItems']} items")
            if "items" in schema:
                for i, item in enumerate(value):
                    problems += self.check(schema["items"], item, f"{where}[{i}]")
        elif isinstance(value, dict):
            problems += self._check_object(schema, value, where)
        return problems

    def _check_object(self, schema: dict[str, Any], value: dict[str, Any], where: str) -> list[str]:
        problems = [f"{where}.{key}: is missing" for key in schema.get("required", []) if key not in value]
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                problems += self.check(properties[key], item, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{where}.{key}: is not a known field")
        return problems

    def _deref(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node and len(node) == 1:
            node = self._resolve(node["$ref"])
        return node

    def _resolve(self, ref: str) -> dict[str, Any]:
        node: Any = self.document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return node


def _is_type(value: Any, kind: str) -> bool:
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False  # JSON has no NaN or Infinity, whatever a lenient parser let through
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _TYPES[kind])


def _check_string(schema: dict[str, Any], value: str, where: str) -> list[str]:
    problems = []
    if len(value) < schema.get("minLength", 0):
        problems.append(f"{where}: expected at least {schema['minLength']} characters")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        problems.append(f"{where}: expected at most {schema['maxLength']} characters")
    if "pattern" in schema and not _pattern(schema["pattern"]).search(value):
        problems.append(f"{where}: does not have the expected form")
    return problems


@cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


@lru_cache(maxsize=1)
def contract() -> Contract:
    """The contract shipped with the package (read once)."""
    with CONTRACT_FILE.open(encoding="utf-8") as stream:
        return Contract(yaml.safe_load(stream))
