"""The layers run one way: core ← roles ← netvaerk ← agreements ← portal (portal highest).

A lower layer never imports a higher one, never reverses a higher one's URL names, and its
templates never link to (`{% url %}`), load template tags from (`{% load %}`), include or
extend the templates of a higher one. netvaerk's settings, root URLs and wsgi are the
project's wiring and may use anything. See /DESIGN.md, "Layers and their direction".
"""

import ast
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "core",
    "roles",
    "notifications",
    "netvaerk",
    "agreements",
    "competences",
    "leadernets",
    "proposals",
    "portal",
]
RANK = {app: i for i, app in enumerate(LAYERS)}
CHECKED = LAYERS[:-1]  # the top layer may use everything below it
WIRING = {"netvaerk/settings.py", "netvaerk/urls.py", "netvaerk/wsgi.py"}
# Template folders and the layer each belongs to; the rest (base.html, includes/,
# registration/, error pages) is the project's skeleton.
TEMPLATE_DIRS = {
    "core": ["pdf"],
    "roles": ["roles"],
    "notifications": ["notifications"],
    "netvaerk": ["netvaerk"],
    "agreements": ["agreements"],
    "competences": ["competences"],
    "leadernets": ["leadernets"],
    "proposals": ["proposals"],
    "portal": ["portal"],
}
TEMPLATE_OWNER = {folder: app for app, folders in TEMPLATE_DIRS.items() for folder in folders}
URL_NAMESPACES = {
    "roles": "roles",
    "notifications": "notifications",
    "netvaerk": "netvaerk",
    "agreements": "agreements",
    "competences": "competences",
    "leadernets": "leadernets",
    "proposals": "proposals",
}
REVERSING = {"reverse", "reverse_lazy", "redirect", "resolve_url"}
RENDERING = {"render", "render_to_string", "get_template", "select_template", "TemplateResponse"}


# --- what belongs to whom ---------------------------------------------------------------


def _portal_url_names():
    """The portal's URL names (no namespace), read from portal.urls itself."""
    from portal import urls

    def names(patterns):
        for entry in patterns:
            if isinstance(entry, URLResolver) and not entry.namespace:
                yield from names(entry.url_patterns)
            elif isinstance(entry, URLPattern) and entry.name:
                yield entry.name

    return set(names(urls.urlpatterns))


def _tag_libraries():
    """Template tag library name → the app that defines it."""
    libraries = {}
    for app in LAYERS:
        for module in (ROOT / app / "templatetags").glob("*.py"):
            if module.stem != "__init__":
                libraries[module.stem] = app
    return libraries


class Owners:
    """Which layer a module, URL name, tag library or template path belongs to."""

    def __init__(self, portal_urls, tag_libraries):
        self.portal_urls = portal_urls
        self.tag_libraries = tag_libraries

    def of_module(self, dotted):
        top = dotted.split(".")[0]
        return top if top in RANK else None

    def of_url(self, name):
        if ":" in name:
            return URL_NAMESPACES.get(name.split(":")[0])
        return "portal" if name in self.portal_urls else None

    def of_library(self, library):
        return self.tag_libraries.get(library)

    def of_template(self, path):
        return TEMPLATE_OWNER.get(path.split("/")[0]) if "/" in path else None


# --- the checks: each returns (line, what) for every upward use ---------------------------


def _string_arg(call, keyword, position=0):
    """The call's string argument at `position`, or given as `keyword`."""
    if len(call.args) > position:
        arg = call.args[position]
        return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
    for kw in call.keywords:
        if kw.arg == keyword and isinstance(kw.value, ast.Constant):
            return kw.value.value if isinstance(kw.value.value, str) else None
    return None


def _call_name(call):
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def python_violations(source, layer, path, owners):
    """Upward imports (anywhere in the file), reversed URL names, rendered templates and
    migration dependencies in one python file of `layer`."""
    found = []

    def check(line, owner, what):
        if owner and RANK[owner] > RANK[layer]:
            found.append((line, f"{what} ({owner})"))

    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                check(node.lineno, owners.of_module(alias.name), f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            # A relative import cannot leave its own top-level package: only absolute ones.
            names = ", ".join(a.name for a in node.names)
            check(node.lineno, owners.of_module(node.module), f"from {node.module} import {names}")
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name in REVERSING:
                url = _string_arg(node, "viewname" if name.startswith("rev") else "to")
                if url:
                    check(node.lineno, owners.of_url(url), f"{name}({url!r})")
            elif name in RENDERING:
                position = 1 if name in {"render", "TemplateResponse"} else 0  # after request
                template = _string_arg(node, "template_name", position)
                if template:
                    check(node.lineno, owners.of_template(template), f"{name}({template!r})")
            elif name in {"import_module", "__import__"}:
                module = _string_arg(node, "name")
                if module:
                    check(node.lineno, owners.of_module(module), f"{name}({module!r})")
        elif isinstance(node, ast.Assign) and "/migrations/" in f"/{path}":
            targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if targets == ["dependencies"] and isinstance(node.value, (ast.List, ast.Tuple)):
                for dep in node.value.elts:
                    if isinstance(dep, ast.Tuple) and isinstance(dep.elts[0], ast.Constant):
                        app = dep.elts[0].value
                        check(node.lineno, app if app in RANK else None, f"migration on {app}")
    return found


URL_TAG = re.compile(r"""{%\s*url\s+(['"])(?P<name>[^'"]+)\1""")
LOAD_TAG = re.compile(r"{%\s*load\s+(?P<args>.+?)\s*%}")
INCLUDE_TAG = re.compile(r"""{%\s*(?P<tag>include|extends)\s+(['"])(?P<path>[^'"]+)\2""")


def template_violations(source, layer, owners):
    """{% url %}, {% load %}, {% include %} and {% extends %} of a higher layer."""
    found = []

    def check(offset, owner, what):
        if owner and RANK[owner] > RANK[layer]:
            found.append((source.count("\n", 0, offset) + 1, f"{what} ({owner})"))

    for m in URL_TAG.finditer(source):
        check(m.start(), owners.of_url(m["name"]), f"url '{m['name']}'")
    for m in LOAD_TAG.finditer(source):
        words = m["args"].split()
        libraries = words[words.index("from") + 1 :] if "from" in words else words
        for library in libraries:
            check(m.start(), owners.of_library(library), f"load {library}")
    for m in INCLUDE_TAG.finditer(source):
        check(m.start(), owners.of_template(m["path"]), f"{m['tag']} '{m['path']}'")
    return found


# --- the tree ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def owners():
    return Owners(_portal_url_names(), _tag_libraries())


def _python_files():
    for layer in CHECKED:
        for path in sorted((ROOT / layer).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative not in WIRING:
                yield layer, relative


def _template_files():
    for layer in CHECKED:
        for folder in TEMPLATE_DIRS[layer]:
            for path in sorted((ROOT / "templates" / folder).rglob("*")):
                if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".ics"}:
                    yield layer, path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / layer / "templates").rglob("*.html")):  # app templates
            yield layer, path.relative_to(ROOT).as_posix()


def test_no_python_module_of_a_lower_layer_uses_a_higher_one(owners):
    violations = [
        f"{path}:{line}: {what}"
        for layer, path in _python_files()
        for line, what in python_violations((ROOT / path).read_text(), layer, path, owners)
    ]
    assert violations == [], "lower layers use higher ones:\n" + "\n".join(violations)


def _with_shared_includes(path, seen):
    """The template and, recursively, the shared templates (includes/…) it includes: what a
    shared template uses, the layer including it uses."""
    yield path
    for m in INCLUDE_TAG.finditer((ROOT / path).read_text()):
        shared = f"templates/{m['path']}"
        if m["tag"] == "include" and m["path"].split("/")[0] not in TEMPLATE_OWNER:
            if shared not in seen and (ROOT / shared).is_file():
                seen.add(shared)
                yield from _with_shared_includes(shared, seen)


def test_no_template_of_a_lower_layer_uses_a_higher_one(owners):
    violations = [
        f"{path} ({layer}):{line}: {what}"
        for layer, template in _template_files()
        for path in _with_shared_includes(template, set())
        for line, what in template_violations((ROOT / path).read_text(), layer, owners)
    ]
    assert violations == [], "lower-layer templates use higher ones:\n" + "\n".join(violations)


def test_the_guard_looks_at_real_files():
    """An empty walk would pass silently: make sure every checked layer has files."""
    layers = {layer for layer, _path in _python_files()}
    assert layers == set(CHECKED)
    assert {layer for layer, _path in _template_files()} >= {"roles", "netvaerk", "agreements"}
    assert "home" in _portal_url_names()


# --- the guard guards: fake offenders are caught ---------------------------------------

FAKE = Owners(portal_urls={"home", "workspace"}, tag_libraries={"portal_tags": "portal"})


@pytest.mark.parametrize(
    ("layer", "source", "expected"),
    [
        ("core", "import roles.models\n", "import roles.models (roles)"),
        ("roles", "from netvaerk.models import Network\n", "from netvaerk.models"),
        ("netvaerk", "from agreements import views\n", "from agreements import views"),
        ("agreements", "import portal\n", "import portal (portal)"),
        (
            "roles",
            "def f():\n    from portal.desk import x\n    return x\n",
            "from portal.desk import x (portal)",
        ),
        ("roles", "def g():\n    import netvaerk.access as a\n", "import netvaerk.access"),
        ("netvaerk", "url = reverse('agreements:detail', args=[1])\n", "agreements:detail"),
        ("netvaerk", "x = reverse_lazy('home')\n", "reverse_lazy('home') (portal)"),
        ("agreements", "def v(r):\n    return redirect('workspace')\n", "redirect('workspace')"),
        ("roles", "u = reverse(viewname='netvaerk:plan')\n", "netvaerk:plan"),
        ("netvaerk", "r = render(request, 'portal/home.html', {})\n", "portal/home.html"),
        ("core", "m = importlib.import_module('agreements.pdf')\n", "agreements.pdf"),
    ],
)
def test_the_python_checker_catches_upward_uses(layer, source, expected):
    found = python_violations(source, layer, f"{layer}/fake.py", FAKE)
    assert any(expected in what for _line, what in found), found


def test_the_python_checker_reads_migration_dependencies():
    migration = "dependencies = [('roles', '0001_initial'), ('portal', '0001_initial')]\n"
    found = python_violations(migration, "netvaerk", "netvaerk/migrations/0009_x.py", FAKE)
    assert [what for _line, what in found] == ["migration on portal (portal)"]


def test_the_python_checker_lets_downward_and_sideways_uses_through():
    source = (
        "from core.permissions import is_secretariat\n"
        "import roles.models\n"
        "from . import access\n"
        "from .models import Network\n"
        "from django.urls import reverse\n"
        "u = reverse('netvaerk:plan')\n"
        "v = reverse('roles:person-list')\n"
        "w = reverse('login')\n"
        "def f():\n    from roles.access import person_for_user\n"
    )
    assert python_violations(source, "netvaerk", "netvaerk/views.py", FAKE) == []


@pytest.mark.parametrize(
    ("layer", "source", "expected"),
    [
        ("roles", "<a href=\"{% url 'netvaerk:plan' n.slug %}\">", "url 'netvaerk:plan'"),
        ("netvaerk", '<a href="{% url "agreements:detail" 1 %}">', "agreements:detail"),
        ("agreements", "<a href=\"{% url 'home' %}\">", "url 'home' (portal)"),
        ("core", "{% load i18n portal_tags %}", "load portal_tags (portal)"),
        ("netvaerk", "{% load badge from portal_tags %}", "load portal_tags"),
        ("roles", '{% include "agreements/_card.html" with x=1 %}', "include 'agreements/"),
        ("core", "{% extends 'roles/base.html' %}", "extends 'roles/base.html' (roles)"),
        ("netvaerk", "{% include 'portal/_sort.html' %}", "include 'portal/_sort.html'"),
    ],
)
def test_the_template_checker_catches_upward_uses(layer, source, expected):
    found = template_violations("<p>\n" + source, layer, FAKE)
    assert any(expected in what for _line, what in found), found
    assert found[0][0] == 2  # the line number points at the offender


def test_the_template_checker_lets_downward_uses_through():
    source = (
        '{% extends "base.html" %}{% load i18n l10n %}'
        "{% include 'includes/pagination.html' %}{% include 'roles/_x.html' %}"
        "<a href=\"{% url 'roles:person-list' %}\">{% url 'netvaerk:plan' s %}{% url 'login' %}"
    )
    assert template_violations(source, "netvaerk", FAKE) == []
