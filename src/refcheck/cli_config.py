"""`refcheck config`: the effective settings and where each came from (never the API key)."""

from __future__ import annotations

import json

import click

from .cli_common import Fail
from .errors import RefcheckError


@click.command("config")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def config(fmt: str) -> None:
    """Print the effective settings: flags > environment > refcheck.toml > defaults.

    The config file is REFCHECK_CONFIG, else ./refcheck.toml, else
    ~/.config/refcheck/refcheck.toml. Keys are the names printed here (email, cache_dir,
    fail_on, formats, timeout, ...). The NCBI API key is read from the environment only and
    shown as set or unset.

    \b
    Example refcheck.toml:
      email = "editor@example.org"
      cache_dir = "~/.cache/refcheck"
      fail_on = "warning"
      formats = ["json", "html"]
    """
    from .settings import describe, find_config, resolve

    try:
        path = find_config()
        settings, origin = resolve(config=path if path is not None else False)
    except RefcheckError as e:
        raise Fail(str(e)) from None
    rows = describe(settings, origin)
    if fmt == "json":
        doc = {
            "schema": "refcheck/config-v1",
            "file": str(path) if path else None,
            "settings": {name: {"value": shown, "from": where} for name, shown, where in rows},
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    click.echo(f"config file: {path if path else '(none)'}")
    width = max(len(r[0]) for r in rows)
    vwidth = min(60, max(len(r[1]) for r in rows))
    for name, shown, where in rows:
        click.echo(f"{name.ljust(width)}  {shown.ljust(vwidth)}  {where}")
