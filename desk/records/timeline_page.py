"""timeline.html: every entry of the record in one chronological table a person can read
(self-contained: plain HTML, no scripts or styles, nothing fetched)."""
from flask import render_template


def entries(parts: dict) -> list[dict]:
    """Every dated entry of the parts, oldest first: {at, kind, who, what, ref}."""
    found = [_entry(a["at"], f"timeline: {a['type']}", a["by"] or "desk",
                    " · ".join(x for x in (a["disposition"], a["notes"]) if x), f"activity #{a['id']}")
             for a in parts["activities"]]
    for t in parts["texts"]:
        found.append(_entry(t["at"], f"text {t['direction']}", t["sent_by"] or t["from"],
                            f"{t['from']} → {t['to']}: {t['body']} [now {t['status']}]", t["twilio_sid"]))
        found += [_entry(s["at"], "text status", "Twilio", _status_text(s), t["twilio_sid"])
                  for s in t["status_history"]]
    for e in parts["emails"]:
        found.append(_entry(e["at"], "email", e["sent_by"] or "desk",
                            f"to {e['to']}: {e['subject']} [{e['status']}{', ' + e['error'] if e['error'] else ''}]",
                            e["file"]))
    for c in parts["calls"]:
        found.append(_entry(c["at"], f"call {c['direction']}", c["collector"] or c["from"], _call_text(c),
                            c["twilio_sid"]))
    found += [_entry(e["at"], f"consent: {e['channel']} {e['action']}", e["by"] or e["how"],
                     " · ".join(x for x in (e["phone_number"] or e["email_address"], e["how"], e["words"]) if x),
                     f"consent #{e['id']}") for e in parts["consent"]]
    found += [_entry(e["at"], f"audit: {e['entity']}", e["by"] or "desk",
                     f"{e['entity']} #{e['entity_id']} {e['field']}: {e['old'] or '—'} → {e['new'] or '—'}",
                     f"audit #{e['id']}") for e in parts["audit"]]
    return sorted(found, key=lambda entry: entry["at"] or "")


def _entry(at, kind, who, what, ref) -> dict:
    return {"at": at, "kind": kind, "who": who, "what": what, "ref": ref}


def _status_text(status: dict) -> str:
    error = f" (error {status['error_code']}{': ' + status['error_message'] if status['error_message'] else ''})" \
        if status["error_code"] else ""
    return f"{status['status']}{error}"


def _call_text(call: dict) -> str:
    legs = "; ".join(f"{leg['role']} leg {leg['sid']} {leg['status']} {leg['duration'] or 0}s" for leg in call["legs"])
    recording = f"; recording {call['recording']['sid']} {call['recording']['url']}" if call["recording"] else ""
    return (f"{call['from']} → {call['to']}: {call['status']} (customer {call['customer_status'] or '—'}), "
            f"talked {call['talk_seconds'] or 0}s{'; ' + legs if legs else ''}{recording}")


def render(parts: dict, manifest: dict) -> str:
    return render_template("records/timeline.html", entries=entries(parts), parts=parts, manifest=manifest)
