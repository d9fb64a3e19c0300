#!/usr/bin/env python3
"""Writes Fixtures/demo/ratings.csv: a small synthetic ratings table in the exact
ml-latest-small format (header `userId,movieId,rating,timestamp`, CRLF line endings,
half-star ratings written with one decimal place).

Planted structure, so that models can learn from it: every user and movie belongs to one of
5 taste groups; a user rates movies of their own group about 1.5 stars higher.
Deterministic: `python3 scripts/make_demo_fixture.py` always writes the same bytes.
No MovieLens data is used.
"""
import os
import random

USERS, MOVIES, GROUPS, PER_USER = 120, 300, 5, 25
rng = random.Random(20261129)
out = os.path.join(os.path.dirname(__file__), "..", "Fixtures", "demo", "ratings.csv")
rows = []
for user in range(1, USERS + 1):
    group = user % GROUPS
    movies = rng.sample(range(1, MOVIES + 1), PER_USER)
    t = 1_500_000_000 + rng.randrange(10_000_000)
    for movie in sorted(movies):
        base = 4.0 if movie % GROUPS == group else 2.5
        stars = min(5.0, max(0.5, round((base + rng.gauss(0, 0.7)) * 2) / 2))
        t += rng.randrange(1, 5000)
        rows.append(f"{user},{movie},{stars:.1f},{t}")
with open(out, "w", newline="") as f:
    f.write("userId,movieId,rating,timestamp\r\n")
    for row in rows:
        f.write(row + "\r\n")
print(f"wrote {len(rows)} ratings to {os.path.normpath(out)}")
