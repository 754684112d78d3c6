import sys

from bench.banc import main

sys.exit(main())
