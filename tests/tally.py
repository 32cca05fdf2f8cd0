"""The Python tests' count of checks, shared so each says the same:
result(ok, name) counts a check and names a failure; finish() prints the
tally as "WHAT: N passed, M failed" and exits 1 if anything failed."""
import sys


class Tally:
    def __init__(self, what):
        self.what = what
        self.passed = self.failed = 0

    def result(self, ok, name, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL %s%s" % (name, detail))

    def finish(self):
        print("%s: %d passed, %d failed" % (self.what, self.passed, self.failed))
        sys.exit(1 if self.failed else 0)
