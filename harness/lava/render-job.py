#!/usr/bin/python3
"""Renders harness/lava/job.yaml.j2 into a LAVA job definition and checks it with LAVA's own
job schema (lava_common.schemas, Debian's lava-common) before printing it.

usage: render-job.py NAME=VALUE... > job.yaml
"""
import pathlib
import sys

import jinja2
import yaml
from lava_common import schemas


def main(argv):
    variables = {}
    for arg in argv:
        name, sep, value = arg.partition("=")
        if not sep:
            sys.exit(f"render-job.py: '{arg}' is not NAME=VALUE")
        variables[name] = value
    here = pathlib.Path(__file__).resolve().parent
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(here),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    try:
        text = env.get_template("job.yaml.j2").render(**variables)
    except jinja2.UndefinedError as error:
        sys.exit(f"render-job.py: {error.message}")
    try:
        schemas.validate(yaml.safe_load(text), strict=True)
    except Exception as error:  # voluptuous raises several Invalid kinds
        sys.exit(f"render-job.py: the job is not valid for LAVA: {error}")
    sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
