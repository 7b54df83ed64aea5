"""Checks a response of the daemon against api/openapi.yaml.

Daemon.request() (harness.py) passes every response it receives through
check(): the operation is found by method and path template, the response by
status (exact, then the 4XX range, then default), the content type must be
one the response documents, and a JSON body (application/json,
application/problem+json) must validate against its schema with an
independent JSON Schema 2020-12 validator (Debian's python3-jsonschema), so
the description cannot drift from what the daemon answers. The linters only
check that the description is well formed, not that it is true.
"""
import datetime
import json
import os
import re
import threading
import urllib.parse
import warnings

import jsonschema
import yaml

SPEC_PATH = os.path.join(os.environ.get("TRANSITD_SOURCE_DIR", "."), "api", "openapi.yaml")
METHODS = ("get", "put", "post", "patch", "delete", "head", "options")


class Mismatch(AssertionError):
    pass


# Formats are asserted, not only annotations. jsonschema checks date itself;
# date-time and uri need packages Debian does not have (rfc3339-validator)
# or the suite does not install, so they are checked here: RFC 3339 with an
# offset (what PostgreSQL's timestamptz gives through json_build_object),
# and an absolute URI (the type of a problem).
FORMATS = jsonschema.FormatChecker()
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@FORMATS.checks("date-time")
def is_date_time(value):
    if not isinstance(value, str):
        return True
    if not RFC3339.match(value):
        return False
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@FORMATS.checks("uri")
def is_uri(value):
    if not isinstance(value, str):
        return True
    u = urllib.parse.urlsplit(value)
    return bool(u.scheme) and (bool(u.netloc) or u.scheme in ("about", "urn", "tag"))


def json_path(error):
    """$.items[0].box for an error of jsonschema."""
    out = "$"
    for part in error.absolute_path:
        out += "[%d]" % part if isinstance(part, int) else "." + str(part)
    return out


class Spec:
    def __init__(self, doc):
        self.doc = doc
        self.routes = []
        for template, item in doc.get("paths", {}).items():
            regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            # Literal text wins over parameters whatever the order of the
            # document: /alerts/refresh before /alerts/{id}, and
            # /receipts/{id}.pdf before /receipts/{id} (whose [^/]+ would
            # take "5.pdf").
            literal = len(re.sub(r"\{[^}]+\}", "", template))
            self.routes.append(((template.count("{"), -literal), template, re.compile(regex),
                                item))
        self.routes.sort(key=lambda r: (r[0], r[1]))
        # RefResolver is what jsonschema 4.10 (Debian bookworm) has; newer
        # versions warn that it is deprecated but still honour it.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            self.resolver = jsonschema.RefResolver("", doc)
        # The document is shared by the threads of concurrent tests.
        self.lock = threading.Lock()

    def deref(self, obj):
        seen = 0
        while isinstance(obj, dict) and "$ref" in obj and len(obj) == 1:
            ref = obj["$ref"]
            if not ref.startswith("#/"):
                raise Mismatch("api/openapi.yaml: external $ref %s" % ref)
            obj = self.doc
            for part in ref[2:].split("/"):
                obj = obj[part.replace("~1", "/").replace("~0", "~")]
            seen += 1
            if seen > 20:
                raise Mismatch("api/openapi.yaml: $ref loop at %s" % ref)
        return obj

    def operation(self, method, path):
        """(template, operation) of a request path, query string ignored."""
        path = path.split("?", 1)[0]
        for _, template, regex, item in self.routes:
            if regex.match(path):
                op = item.get(method.lower())
                if op is None and method.upper() == "HEAD":
                    op = item.get("get")  # HTTP: HEAD is GET without the body
                if op is None:
                    raise Mismatch("%s %s: the path %s documents no %s" %
                                   (method, path, template, method))
                return template, op
        raise Mismatch("%s %s: not documented in api/openapi.yaml" % (method, path))

    def response(self, op, status):
        responses = op.get("responses", {})
        for key in (str(status), "%dXX" % (status // 100), "%dxx" % (status // 100), "default"):
            if key in responses:
                return self.deref(responses[key])
        return None

    def validate(self, schema, instance, where):
        """Raises Mismatch naming `where` and the JSON path of each error."""
        with self.lock, warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            v = jsonschema.Draft202012Validator(
                schema, resolver=self.resolver, format_checker=FORMATS)
            errors = sorted(v.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if errors:
            lines = []
            for e in errors[:10]:
                # oneOf/anyOf: say why each branch failed, else the message
                # is only "is not valid under any of the given schemas".
                lines.append("  at %s: %s" % (json_path(e), e.message[:300]))
                for sub in sorted(e.context or [], key=lambda s: list(s.absolute_path))[:6]:
                    lines.append("    branch %s at %s: %s" % (
                        list(sub.schema_path)[:1], json_path(sub), sub.message[:200]))
            raise Mismatch("%s: the body does not match its schema (%d error(s)):\n%s" %
                           (where, len(errors), "\n".join(lines)))

    def check(self, method, path, status, content_type, body):
        template, op = self.operation(method, path)
        where = "%s %s (%s) -> %d" % (method, template, op.get("operationId", "?"), status)
        resp = self.response(op, status)
        if resp is None:
            raise Mismatch("%s: status %d is not documented (documented: %s)" %
                           (where, status, ", ".join(sorted(op.get("responses", {})))))
        content = resp.get("content")
        if not content:
            if body:
                raise Mismatch("%s: documented without a body, got %s %r" %
                               (where, content_type, body[:200]))
            return
        if method.upper() == "HEAD":
            return
        media = (content_type or "").split(";", 1)[0].strip().lower()
        if media not in content:
            raise Mismatch("%s: content type %r is not documented (documented: %s)" %
                           (where, content_type, ", ".join(sorted(content))))
        if media != "application/json" and not media.endswith("+json"):
            return
        try:
            instance = json.loads(body)
        except ValueError as e:
            raise Mismatch("%s: %s body is not JSON (%s): %r" % (where, media, e, body[:200]))
        schema = content[media].get("schema")
        if schema is not None:
            self.validate(schema, instance, "%s %s" % (where, media))


_spec = None
_spec_lock = threading.Lock()


def spec():
    global _spec
    with _spec_lock:
        if _spec is None:
            with open(SPEC_PATH) as f:
                _spec = Spec(yaml.safe_load(f))
        return _spec


def check(method, path, status, content_type, body):
    spec().check(method, path, status, content_type, body)

