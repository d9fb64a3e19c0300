#!/usr/bin/env python3
"""Golden vectors for the recommender tasks (issue P6 names this script): an entry point
that runs make_recommenders.py, which holds every TFRS case (the Retrieval loss over every
option combination, FactorizedTopK with ties and exclusions, BruteForce, Ranking and the
Keras metrics) and writes Fixtures/golden/recommenders.json. Run by hand, not in CI:

    python3 Fixtures/golden/make_tasks.py
"""

import os
import runpy

if __name__ == "__main__":
    runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "make_recommenders.py"), run_name="__main__")
