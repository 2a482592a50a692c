"""``python -m outcomes_tools``: the same as the ``outcomes-tools`` command."""

from __future__ import annotations

from outcomes_tools.cli import main

raise SystemExit(main())
