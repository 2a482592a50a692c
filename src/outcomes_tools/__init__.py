"""outcomes_tools: the engine behind the Outcomes Guide's tools.

Pure Python with no dependencies; runs the same on CPython and in Pyodide.
"""

from __future__ import annotations

__version__ = "0.1.0"
