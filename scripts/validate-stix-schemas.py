#!/usr/bin/python3
"""Validate STIX 2.1 bundles/objects against the OASIS JSON schemas, offline.

usage: validate-stix-schemas.py SCHEMA_DIR FILE...

SCHEMA_DIR is the `schemas/` folder of oasis-open/cti-stix2-json-schemas
(e.g. ../shared/data/stix-schemas/schemas). Every schema is registered under
its `$id` with both http:// and https://; nothing is fetched over the network
(a reference outside the folder is an error).

A FILE may hold a bundle, a JSON array of objects or one bare object. A bundle
is checked against common/bundle.json (without its custom x- objects and
extension-definitions, which that schema cannot take); each object against
its type's schema
(sdos/, sros/, observables/, common/marking-definition.json,
common/language-content.json, common/extension-definition.json). Custom `x-`
types, and types with no schema, are checked against common/core.json only.

Prints one line per error: FILE: object INDEX (ID): PATH: MESSAGE, and a
summary per file. Exit 0 if everything validates, 1 on any failure, 2 on bad
usage or unreadable input.

Needs Debian's python3-jsonschema (4.10: Draft202012Validator + RefResolver).
"""
import json
import os
import sys

import jsonschema
from jsonschema import Draft202012Validator, RefResolver

SMO_SCHEMAS = {"marking-definition", "language-content", "extension-definition"}


def load_schemas(schema_dir):
    store, by_path = {}, {}
    for root, _, files in os.walk(schema_dir):
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
            rel = os.path.relpath(path, schema_dir).replace(os.sep, "/")
            by_path[rel] = schema
            sid = schema.get("$id")
            if sid:
                for scheme in ("http://", "https://"):
                    store[scheme + sid.split("://", 1)[-1]] = schema
    return store, by_path


def no_fetch(uri):
    raise jsonschema.exceptions.RefResolutionError(f"refusing to fetch {uri} (not in SCHEMA_DIR)")


class Checker:
    def __init__(self, schema_dir):
        self.store, self.by_path = load_schemas(schema_dir)
        self.validators = {}

    def validator(self, rel):
        if rel not in self.validators:
            schema = self.by_path[rel]
            resolver = RefResolver(schema.get("$id", ""), schema, store=self.store,
                                   handlers={"http": no_fetch, "https": no_fetch})
            self.validators[rel] = Draft202012Validator(schema, resolver=resolver)
        return self.validators[rel]

    def schema_for(self, obj):
        t = obj.get("type") if isinstance(obj, dict) else None
        if not isinstance(t, str):
            return "common/core.json"
        for folder in ("sdos", "sros", "observables"):
            if f"{folder}/{t}.json" in self.by_path:
                return f"{folder}/{t}.json"
        if t in SMO_SCHEMAS and f"common/{t}.json" in self.by_path:
            return f"common/{t}.json"
        return "common/core.json"

    def errors(self, rel, value):
        try:
            found = sorted(self.validator(rel).iter_errors(value), key=lambda e: list(e.absolute_path))
        except jsonschema.exceptions.RefResolutionError as e:
            return [f"{rel}: {e}"]
        out = []
        for e in found:
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            message = e.message
            if e.validator == "anyOf" and isinstance(e.instance, dict):
                message = f"matches none of the schemas allowed here (type {e.instance.get('type')!r})"
            out.append(f"{rel}: {where}: {message[:300]}")
        return out


def check_file(checker, path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read: {e}")
        return None
    failures = 0
    if isinstance(doc, dict) and doc.get("type") == "bundle":
        # The bundle schema cannot take two kinds of valid objects: custom x-
        # objects (they match both branches of its oneOf core/observable-core)
        # and extension-definitions (not listed). Those are checked one by one
        # below (against core.json / extension-definition.json) instead.
        shell = dict(doc)
        if isinstance(doc.get("objects"), list):
            kept = [o for o in doc["objects"]
                    if not (isinstance(o, dict) and isinstance(o.get("type"), str)
                            and (o["type"].startswith("x-") or o["type"] == "extension-definition"))]
            # Every object is validated against its own type's schema below;
            # the envelope check needs only a few (bundle.json's oneOf over
            # every type is quadratic-feeling on 30,000 objects).
            if kept:
                shell["objects"] = kept[:50]
            else:
                del shell["objects"]
        for message in checker.errors("common/bundle.json", shell):
            print(f"{path}: bundle {doc.get('id', '?')}: {message}")
            failures += 1
        objects = doc.get("objects", [])
    elif isinstance(doc, list):
        objects = doc
    else:
        objects = [doc]
    for index, obj in enumerate(objects if isinstance(objects, list) else []):
        oid = obj.get("id", "?") if isinstance(obj, dict) else "?"
        for message in checker.errors(checker.schema_for(obj), obj):
            print(f"{path}: object {index} ({oid}): {message}")
            failures += 1
    print(f"{path}: {len(objects) if isinstance(objects, list) else 0} objects, "
          f"{failures} schema error(s)", file=sys.stderr)
    return failures


def main(argv):
    if len(argv) < 3 or not os.path.isdir(argv[1]):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    checker = Checker(argv[1])
    status = 0
    for path in argv[2:]:
        failures = check_file(checker, path)
        if failures is None:
            status = max(status, 2)
        elif failures:
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
