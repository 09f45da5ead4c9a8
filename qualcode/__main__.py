"""Run the qualcode command line as ``python -m qualcode``."""

from qualcode.cli.main import main

raise SystemExit(main())
