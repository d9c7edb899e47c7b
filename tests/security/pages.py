"""The pages a persona may open, from tests/test_permissions.TABLE, and the
forms a page holds, read from its HTML."""
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from django.contrib import admin
from django.urls import reverse

from tests.test_permissions import TABLE

TOKEN = "csrfmiddlewaretoken"


def pages(persona, world, *, method="get"):
    """(name, url, query) of every URL of TABLE a persona gets a 200 for,
    reversed with the arguments and query test_permissions uses."""
    _users, args, data = world
    return [
        (name, reverse(name, args=args.get(name, [])), data.get(name, {}))
        for name, (how, statuses) in sorted(TABLE.items())
        if how == method and statuses[persona] == 200
    ]


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def registered(model):
    return admin.site.is_registered(model)


@dataclass
class Form:
    method: str
    action: str
    fields: list = field(default_factory=list)  # (name, value, type)

    def target(self, page_url):
        """Where the form posts: its action resolved against the page's
        URL, as a browser does (no action: the page itself)."""
        return urljoin(page_url, self.action)

    def values(self, *, token=True):
        """What a browser sends: every named field with its value, file
        inputs empty, the CSRF token left out if asked."""
        return {
            name: value
            for name, value, kind in self.fields
            if kind != "file" and (token or name != TOKEN)
        }

    @property
    def tokens(self):
        return [value for name, value, kind in self.fields if name == TOKEN and kind == "hidden"]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None  # [name, first value, selected values]
        self._textarea = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attrs = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            self._form = Form(method=(attrs.get("method") or "get").lower(), action=attrs.get("action", ""))
            self.forms.append(self._form)
            return
        if self._form is None or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form.fields.append((attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""), kind))
        elif tag == "select":
            self._select = [attrs["name"], None, []]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in attrs:
                self._select[2].append(value)
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            name, first, selected = self._select
            for value in selected or ([first] if first is not None else []):
                self._form.fields.append((name, value, "select"))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the newline that follows <textarea>.
            text = text[2:] if text.startswith("\r\n") else text[1:] if text.startswith("\n") else text
            self._form.fields.append((name, text, "textarea"))
            self._textarea = None


def forms_of(html):
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms
