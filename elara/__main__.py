import sys

from elara.cli import main

sys.exit(main())
