"""Byte-compiles Python sources and reads the public names of the generated SDK.

For test/e2e/sdks.e2e.test.ts, which checks them against the package schema. Nothing
is imported or run (the `pulumi` package is not installable here): the sources are
compiled in memory and read with `ast`, so no __pycache__ lands in the repository.

Usage: python3 pythonSdkNames.py <sdk package folder> <example file> ...
Prints JSON: {"compiled": [files], "modules": {module: {class: {"init": [the properties
its __init__ takes], "members": [methods and properties]}}}, "exampleUses": [names
the examples take from `tavus.`]}.
"""

import ast
import json
import pathlib
import sys


# Parameters of a resource's __init__ that are not its properties.
NOT_PROPERTIES = {"resource_name", "opts", "__props__"}


def compile_file(path):
    source = pathlib.Path(path).read_text(encoding="utf-8")
    compile(source, str(path), "exec", dont_inherit=True)
    return ast.parse(source, str(path))


def classes_of(tree):
    found = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        init = []
        members = []
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                members.append(item.name)
                # The first __init__ (a resource's typed overload; an Args class has one).
                if item.name == "__init__" and not init:
                    params = item.args.args[1:] + item.args.kwonlyargs
                    init = [a.arg for a in params if a.arg not in NOT_PROPERTIES]
        found[node.name] = {"init": init, "members": sorted(set(members))}
    return found


def main():
    package = pathlib.Path(sys.argv[1])
    compiled = []
    modules = {}
    for path in sorted(package.rglob("*.py")):
        tree = compile_file(path)
        compiled.append(str(path))
        name = ".".join(path.relative_to(package.parent).with_suffix("").parts)
        modules[name] = classes_of(tree)
    uses = set()
    for example in sys.argv[2:]:
        tree = compile_file(example)
        compiled.append(example)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "tavus"
            ):
                uses.add(node.attr)
    print(json.dumps({"compiled": compiled, "modules": modules, "exampleUses": sorted(uses)}))


main()
