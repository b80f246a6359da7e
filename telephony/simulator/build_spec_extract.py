"""Regenerate twilio_spec_extract.json from Twilio's OpenAPI description of REST v2010.

Usage: python -m telephony.simulator.build_spec_extract [path/to/twilio_api_v2010.json]

The simulator validates requests against the extract only, so the project never needs the
full 5 MB description at run or test time.
"""
import json
import sys
from pathlib import Path

SOURCE = "twilio/twilio-oai spec/json/twilio_api_v2010.json, commit d50069b, MIT licence"
DEFAULT_INPUT = Path(__file__).resolve().parents[3] / "shared" / "twilio" / "twilio_api_v2010.json"
OUTPUT = Path(__file__).with_name("twilio_spec_extract.json")
OPERATIONS = {
    "CreateMessage": ("/2010-04-01/Accounts/{AccountSid}/Messages.json", "post", "201", "create"),
    "FetchMessage": ("/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json", "get", "200", None),
    "CreateCall": ("/2010-04-01/Accounts/{AccountSid}/Calls.json", "post", "201", "create"),
    "FetchCall": ("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json", "get", "200", None),
    "UpdateCall": ("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json", "post", "200", None),
}
KEEP = ("type", "enum", "pattern", "minLength", "maxLength", "format", "minimum", "maximum")


def _resolve(spec: dict, schema: dict) -> dict:
    """Follow a local $ref (the enums live under components/schemas)."""
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _field(spec: dict, schema: dict) -> dict:
    schema = _resolve(spec, schema)
    out = {k: schema[k] for k in KEEP if k in schema}
    if "items" in schema:
        out["items"] = _field(spec, schema["items"])
    return out


def _example(op: dict, status: str, name: str | None):
    content = op["responses"][status].get("content", {}).get("application/json", {})
    examples = content.get("examples") or {}
    chosen = examples.get(name) if name else None
    chosen = chosen or next(iter(examples.values()), None)
    return chosen["value"] if chosen else None


def _operation(spec: dict, path: str, method: str, status: str, example: str | None) -> dict:
    op = spec["paths"][path][method]
    body = op.get("requestBody", {}).get("content", {}).get("application/x-www-form-urlencoded")
    schema = body["schema"] if body else {"properties": {}}
    return {
        "path": path,
        "method": method.upper(),
        "path_params": {p["name"]: _field(spec, p["schema"]) for p in op.get("parameters", [])
                        if p.get("in") == "path"},
        "required": schema.get("required", []),
        "fields": {name: _field(spec, s) for name, s in schema["properties"].items()},
        "example": _example(op, status, example),
    }


def build(spec: dict) -> dict:
    """The extract: per operation, its path, form fields, required fields and an example answer."""
    return {
        "source": SOURCE,
        "operations": {name: _operation(spec, *args) for name, args in OPERATIONS.items()},
        "enums": {name: _resolve(spec, spec["components"]["schemas"][name])["enum"]
                  for name in ("message_enum_status", "call_enum_status")},
    }


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_INPUT
    extract = build(json.loads(source.read_text()))
    OUTPUT.write_text(json.dumps(extract, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv)
