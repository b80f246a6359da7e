"""Admin templates: Jinja limited to merge fields and a short list of formatting filters.

The parsed template is walked node by node against an allowlist before it is saved and before
every render, so no template can loop, do arithmetic, multiply strings, reach an attribute or
call anything: its output is never longer than its own text plus the merge values it names.
Allowed: `{{ field }}` and `{{ field|filter }}` chains with the filters in FILTERS, whose
arguments are constants (positional only) within the bounds below.
"""
from collections.abc import Iterable

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.sandbox import SandboxedEnvironment

from desk.errors import Invalid

MAX_TEXT_ARGUMENT = 200
MAX_NUMBER_ARGUMENT = 1600

# filter name -> the types of its positional arguments, in order (all optional)
FILTERS: dict[str, tuple[type, ...]] = {
    "upper": (),
    "lower": (),
    "title": (),
    "capitalize": (),
    "trim": (),
    "default": (str,),
    "truncate": (int, bool, str),
}

_ALLOWED_NODES = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Filter, nodes.Const)

_plain = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
_escaping = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def _refuse(field: str, reason: str) -> Invalid:
    return Invalid(f"{field}: {reason}", {field: [reason]})


def _parse(text: str, field: str) -> nodes.Template:
    try:
        return _plain.parse(text)
    except TemplateError as exc:
        raise _refuse(field, unreadable(text, getattr(exc, "lineno", None))) from exc


def unreadable(text: str, line: int | None = None) -> str:
    """Why a template cannot be read, in a collector's words (never the parser's message)."""
    for opening, closing in (("{{", "}}"), ("{%", "%}"), ("{#", "#}")):
        if _unclosed(text, opening, closing):
            return f"This template has an unclosed {opening} … (every {opening} needs a {closing})."
    where = f" on line {line}" if line and "\n" in text else ""
    return f"This template has something between {{{{ and }}}}{where} the desk cannot read; " \
           "write a merge field such as {{ first_name }}."


def _unclosed(text: str, opening: str, closing: str) -> bool:
    start = text.find(opening)
    while start != -1:
        end = text.find(closing, start + 2)
        if end == -1:
            return True
        start = text.find(opening, end + 2)
    return False


def unknown_field(name: str) -> str:
    return f"The template uses {{{{ {name} }}}}, which the desk does not know."


def check(text: str, field: str, known_fields: Iterable[str]) -> None:
    """Refuse (422 naming `field`) a template outside the allowlist or naming an unknown field."""
    tree = _parse(text, field)
    _check_node(tree, field)
    unknown = sorted({n.name for n in tree.find_all(nodes.Name)} - set(known_fields))
    if unknown:
        raise _refuse(field, " ".join(unknown_field(name) for name in unknown))


def needed_fields(text: str) -> set[str]:
    """The merge fields a template needs a value for: all it names, except those given a
    `default` (`{{ vehicle|default('your car') }}` needs no vehicle)."""
    return _needed(_plain.parse(text))


def _needed(node: nodes.Node) -> set[str]:
    if isinstance(node, nodes.Name):
        return {node.name}
    if isinstance(node, nodes.Filter) and node.name == "default":
        return set()
    return set().union(*(_needed(child) for child in node.iter_child_nodes()))


def _check_node(node: nodes.Node, field: str) -> None:
    if not isinstance(node, _ALLOWED_NODES):
        raise _refuse(field, f"Templates may hold only merge fields and the filters {', '.join(FILTERS)}; "
                             f"not {_describe(node)}.")
    if isinstance(node, nodes.Name) and node.ctx != "load":
        raise _refuse(field, f"Templates cannot assign {node.name}.")
    if isinstance(node, nodes.Filter):
        _check_filter(node, field)
        _check_node(node.node, field)
        return
    for child in node.iter_child_nodes():
        _check_node(child, field)


def _check_filter(node: nodes.Filter, field: str) -> None:
    kinds = FILTERS.get(node.name)
    if kinds is None:
        raise _refuse(field, f"The filter {node.name} is not allowed; use one of {', '.join(FILTERS)}.")
    if node.node is None or node.kwargs or node.dyn_args or node.dyn_kwargs or len(node.args) > len(kinds):
        raise _refuse(field, f"The filter {node.name} takes at most {len(kinds)} plain argument(s).")
    for argument, kind in zip(node.args, kinds, strict=False):
        if not isinstance(argument, nodes.Const) or not _fits(argument.value, kind):
            raise _refuse(field, f"The filter {node.name} needs constant arguments: text up to "
                                 f"{MAX_TEXT_ARGUMENT} characters, numbers from 0 to {MAX_NUMBER_ARGUMENT}.")


def _fits(value, kind: type) -> bool:
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_NUMBER_ARGUMENT
    return isinstance(value, str) and len(value) <= MAX_TEXT_ARGUMENT


def _describe(node: nodes.Node) -> str:
    names = {"For": "loops", "Getattr": "attribute access", "Getitem": "indexing", "Call": "calls",
             "Mul": "arithmetic", "Add": "arithmetic", "Pow": "arithmetic", "Concat": "joining",
             "Assign": "assignments", "If": "conditions", "Macro": "macros", "Include": "includes"}
    kind = type(node).__name__
    return names.get(kind, kind)


def render(text: str, context: dict, field: str, known_fields: Iterable[str], autoescape: bool = False) -> str:
    """Check, then render; any template error is a 422 naming `field`, never a 500."""
    check(text, field, known_fields)
    env = _escaping if autoescape else _plain
    try:
        return env.from_string(text).render(context)
    except (TemplateError, TypeError, ValueError) as exc:
        raise _refuse(field, "This template could not be filled in for this account.") from exc
