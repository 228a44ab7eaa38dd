"""``python -m claimstats``: the command line."""

import sys

from claimstats.cli import main

sys.exit(main())
