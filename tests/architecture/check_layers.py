#!/usr/bin/env python3
"""Checks every #include of the sources against the layer rule of ARCHITECTURE.md.

The rule is the fenced block marked `layers` in ARCHITECTURE.md: one line per
layer, "layer -> what it may include directly", where a layer is a top-level
folder (sdk, plugins, bench) or a folder of host/ (host/rest, host/kafka, ...).
A layer may include itself, what its line names, and, transitively, what
those may include. An include names a layer by its path: "host/<folder>/...",
"kc/..." (the SDK) or "plugins/..."; other includes (system, local) are not
checked, except libraries the block confines: "only <library>: layers" lets
only those layers include "<library>/..." (not transitive). Usage: check_layers.py <source root>. Exit status 1 lists every
forbidden arrow, with the file and line that draws it.
"""
import pathlib
import re
import sys

SOURCE_SUFFIXES = {".h", ".hpp", ".c", ".cc", ".cpp"}
CHECKED_TREES = ("host", "sdk", "plugins", "bench")
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]')


def read_rule(architecture: pathlib.Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    text = architecture.read_text()
    block = re.search(r"^```layers\n(.*?)^```", text, re.S | re.M)
    if not block:
        sys.exit(f"{architecture}: no ```layers block")
    direct: dict[str, set[str]] = {}
    confined: dict[str, set[str]] = {}
    for number, line in enumerate(block.group(1).splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("only "):
            library, colon, layers = line[len("only "):].partition(":")
            if not colon:
                sys.exit(f"{architecture}: layers line {number}: expected 'only lib: layers'")
            confined[library.strip()] = set(layers.split())
            continue
        layer, arrow, targets = line.partition("->")
        if not arrow:
            sys.exit(f"{architecture}: layers line {number}: expected 'layer -> layers': {line}")
        direct.setdefault(layer.strip(), set()).update(targets.split())
    for targets in list(direct.values()):
        for target in targets:
            direct.setdefault(target, set())
    return direct, confined


def closure(direct: dict[str, set[str]]) -> dict[str, set[str]]:
    allowed = {}
    for layer in direct:
        seen, todo = {layer}, [layer]
        while todo:
            for target in direct[todo.pop()]:
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        allowed[layer] = seen
    return allowed


def layer_of_file(relative: pathlib.PurePath) -> str | None:
    parts = relative.parts
    if parts[0] == "host":
        return "host/" + parts[1] if len(parts) > 2 else None
    return parts[0]


def layer_of_include(path: str) -> str | None:
    parts = path.split("/")
    if parts[0] == "host" and len(parts) > 2:
        return "host/" + parts[1]
    if parts[0] == "kc":
        return "sdk"
    if parts[0] == "plugins":
        return "plugins"
    return None


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    direct, confined = read_rule(root / "ARCHITECTURE.md")
    allowed = closure(direct)
    problems = []
    for tree in CHECKED_TREES:
        for path in sorted((root / tree).rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
                continue
            relative = path.relative_to(root)
            source = layer_of_file(relative)
            if source is None:
                continue
            if source not in allowed:
                problems.append(f"{relative}: layer {source} is not in the rule")
                continue
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                included = match.group(1)
                target = layer_of_include(included)
                if target and target not in allowed[source]:
                    problems.append(
                        f"{relative}:{number}: {source} may not include {target} ({included})")
                library = included.split("/", 1)[0]
                if library in confined and source not in confined[library]:
                    problems.append(
                        f"{relative}:{number}: {source} may not include {library} ({included})")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} include(s) against the layer rule of ARCHITECTURE.md")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
