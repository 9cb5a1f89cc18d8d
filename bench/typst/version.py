#!/usr/bin/env python3
"""Print the typst-py package version and the Typst compiler version it bundles (from the
wheel's CycloneDX SBOM, since the module has no version attribute for the compiler)."""
import importlib.metadata as m
import json

dist = m.distribution("typst")
compiler = "?"
for f in dist.files or []:
    if str(f).endswith("cyclonedx.json"):
        sbom = json.load(open(dist.locate_file(f), encoding="utf-8"))
        compiler = next((c.get("version") for c in sbom.get("components", []) if c.get("name") == "typst"), "?")
print(f"typst-py {dist.version} (Typst compiler {compiler})")
