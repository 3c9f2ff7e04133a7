"""``python -m bench.generate --scale tiny|small|large``: fill PostgreSQL with a newspaper's archive, fast.

``small`` is 1,000 articles and 10,000 comments, ``large`` 200,000 and
1,000,000 (``bench.scales``); ``bench.dataset`` does the work, in one
transaction. The database is the project's usual one (``DATABASE_URL``, else
the embedded server), or ``--database-url``; missing migrations are applied
first. A database that already holds content is refused (exit status 2)
unless ``--reset``. The description of the dataset (counts, seconds per phase,
the URLs and words the runner measures, the bench logins) is printed and
written to ``bench/results/dataset-<scale>.json``.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench.scales import DEFAULT_SEED, SCALES

RESULTS = Path(__file__).resolve().parent / "results"


# Nothing of Django is imported at the top: settings are read only once --database-url is in the environment.


def migrate_if_needed(log=print) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        log("applying migrations…")
        call_command("migrate", interactive=False, verbosity=1)


def summary(dataset: dict) -> list[str]:
    lines = [f"{name:>20}: {count:>11,}" for name, count in dataset["counts"].items()]
    lines += [f"{name:>28}: {seconds:>7.1f} s" for name, seconds in dataset["timings"].items()]
    lines += [f"{name}: {value}" for name, value in dataset["targets"].items()]
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description="Fill PostgreSQL with a newspaper's archive, fast."
    )
    parser.add_argument("--scale", choices=list(SCALES), default="small")
    parser.add_argument("--reset", action="store_true", help="empty the content tables first")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--database-url", help="postgres://… (default: DATABASE_URL, else the embedded server)")
    args = parser.parse_args(argv)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()

    def log(message: str) -> None:
        print(f"[generate {time.strftime('%H:%M:%S')}] {message}", flush=True)

    migrate_if_needed(log)
    from bench.dataset import DatasetExists, generate

    try:
        dataset = generate(SCALES[args.scale], seed=args.seed, reset=args.reset, vacuum=True, log=log)
    except DatasetExists as error:
        print(error, file=sys.stderr)
        return 2
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"dataset-{args.scale}.json"
    path.write_text(json.dumps(dataset, indent=2, ensure_ascii=False) + "\n")
    for line in summary(dataset):
        print(line)
    print(f"Written {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
