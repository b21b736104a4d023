#!/usr/bin/env python3
"""Compatibility shim: the guide runs `python scripts/muttdev.py ...`; MUTT's CLI is the Node `mutt` binary."""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
launcher = os.path.join(here, "..", "bin", "mutt.js")
os.execvp("node", ["node", launcher] + sys.argv[1:])
