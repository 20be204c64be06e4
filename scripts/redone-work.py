"""Reads a Spark event log and says how the work of the first executor removed was redone: the
tasks that failed with it and the cached RDD blocks stored again afterwards. Exits 1 when
neither happened, so that a kill which cost Spark nothing fails the cluster test.

    python scripts/redone-work.py <event log file>
"""
import json
import sys


def main(path: str) -> int:
    removed_at = None
    failed_tasks = 0
    blocks_stored = 0
    with open(path) as log:
        for line in log:
            event = json.loads(line)
            kind = event["Event"]
            if kind == "SparkListenerExecutorRemoved" and removed_at is None:
                removed_at = event["Executor ID"]
            elif kind == "SparkListenerTaskEnd" and event["Task End Reason"]["Reason"] != "Success":
                failed_tasks += 1
            elif kind == "SparkListenerBlockUpdated" and removed_at is not None:
                info = event["Block Updated Info"]
                level = info["Storage Level"]
                stored = level.get("Use Memory") or level.get("Use Disk")
                if info["Block ID"].startswith("rdd_") and stored:
                    blocks_stored += 1
    if removed_at is None:
        print(f"{path}: no executor was removed", file=sys.stderr)
        return 1
    if failed_tasks == 0 and blocks_stored == 0:
        print(f"{path}: executor {removed_at} was removed but no task failed and no cached block "
              "was computed again: the loss cost nothing", file=sys.stderr)
        return 1
    print(f"executor {removed_at} removed: {failed_tasks} task(s) failed and ran again, "
          f"{blocks_stored} cached block(s) computed again")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
