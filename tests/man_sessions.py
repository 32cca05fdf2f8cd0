#!/usr/bin/env python3
"""Run every example session of the manual pages against a fresh ecsh.

A session is a literal display preceded by the comment line

    .\\" session            (continues the page's current ecsh)
    .\\" session new        (starts a fresh one)
    .\\" session bird       (a real router: run on the real clock by the
                           interop test that starts BIRD, skipped here)

A shell example is a display preceded by `.\\" shell`: each line after
"$ " is run by sh in a scratch directory with this ecsh first on PATH,
and the lines up to the next "$ " are what it must print.  A display
preceded by `.\\" file NAME` is written there as NAME first.

Its lines after a prompt ("ecsh#", "ecsh(config-vbr)#"...) are typed into
`ecsh -i --virtual-clock` (which shows each line after its prompt, as a
terminal does) and every line the page shows must be what ecsh prints.
Times and uptimes, which differ from run to run on a real clock, are
normalised on both sides; nothing else is.

    tests/man_sessions.py ECSH PAGE...            check
    tests/man_sessions.py ECSH --regen PAGE...    rewrite the displays
    tests/man_sessions.py ECSH --bird PAGE...     only the BIRD sessions
    tests/man_sessions.py --file NAME PAGE        print a `.\\" file NAME`
"""
import os
import re
import subprocess
import sys
import tempfile

PROMPT = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*(\([a-z0-9._-]+\))?# ")
NORMALISE = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"),
     "YYYY-MM-DDThh:mm:ss.sssZ"),
    (re.compile(r'"uptime_s":\d+'), '"uptime_s":N'),
    (re.compile(r"^(Clock +)(real|virtual)$"), r"\1CLOCK"),
    (re.compile(r"^(Line editor +)\S+$"), r"\1EDITOR"),
    (re.compile(r"^(ecsh )\S+( \(line editor: )\S+\)$"), r"\1V\2E)"),
]
# the last column of `show bgp peers` is the uptime in seconds
UPTIME = re.compile(r"^(.*(Established|Idle|Connect|Active|OpenSent|"
                    r"OpenConfirm) .*\s)\d+$")


def unescape(line):
    line = line.replace("\\&", "").replace("\\e", "\\").replace("\\-", "-")
    return line


def escape(line):
    line = line.replace("\\", "\\e")
    if line.startswith(".") or line.startswith("'"):
        line = "\\&" + line
    return line


def normalise(line):
    for pattern, repl in NORMALISE:
        line = pattern.sub(repl, line)
    m = UPTIME.match(line)
    if m:
        line = m.group(1) + "N"
    return line.rstrip()


def sessions(lines):
    """[(new, start, end)]: display bodies are lines[start:end]."""
    found = []
    i = 0
    while i < len(lines):
        mark = lines[i].strip()
        if mark in ('.\\" session', '.\\" session new',
                    '.\\" session bird'):
            if i + 1 >= len(lines) or not lines[i + 1].startswith(".Bd -literal"):
                sys.exit("%d: a session mark must precede .Bd -literal" % (i + 1))
            j = i + 2
            while j < len(lines) and lines[j].strip() != ".Ed":
                j += 1
            kind = mark.split()[-1]
            found.append((kind if kind in ("new", "bird") else "", i + 2, j))
            i = j
        i += 1
    return found


def displays(lines, mark):
    """{start: end} of the displays preceded by the line `mark`."""
    found = {}
    for i, line in enumerate(lines):
        if line.strip() == mark and i + 1 < len(lines) and \
                lines[i + 1].startswith(".Bd -literal"):
            j = i + 2
            while lines[j].strip() != ".Ed":
                j += 1
            found[i + 2] = j
    return found


def check_shell(ecsh, path, lines, regen):
    """Run the page's shell examples; returns (count, failures)."""
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        for i, line in enumerate(lines):
            m = re.match(r'^\.\\" file (\S+)$', line.strip())
            if m:
                j = i + 2
                with open(os.path.join(work, m.group(1)), "w") as f:
                    while lines[j].strip() != ".Ed":
                        f.write(unescape(lines[j]) + "\n")
                        j += 1
        env = dict(os.environ, HOME=work,
                   PATH=os.path.dirname(ecsh) + ":" + os.environ["PATH"])
        blocks = displays(lines, '.\\" shell')
        rewritten = {}
        for start in sorted(blocks):
            end = blocks[start]
            body = [unescape(l) for l in lines[start:end]]
            got, k = [], 0
            while k < len(body):
                if not body[k].startswith("$ "):
                    sys.exit("%s:%d: a shell example starts with $" %
                             (path, start + k + 1))
                cmd = body[k][2:]
                shown = [body[k]]
                while cmd.endswith("\\") and k + 1 < len(body):
                    k += 1
                    cmd = cmd + "\n" + body[k]
                    shown.append(body[k])
                k += 1
                while k < len(body) and not body[k].startswith("$ "):
                    k += 1
                p = subprocess.run(["sh", "-c", cmd], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True,
                                   env=env, cwd=work, timeout=60)
                got += shown + (p.stdout.split("\n")[:-1] if p.stdout else [])
            if regen:
                rewritten[start] = (end, [escape(l) for l in got])
            elif [normalise(l) for l in got] != [normalise(l) for l in body]:
                failures += 1
                print("FAIL %s:%d: the shell example prints otherwise" %
                      (path, start))
                for l in difflib_unified(body, got):
                    print("   " + l)
        for start in sorted(rewritten, reverse=True):
            end, body = rewritten[start]
            lines[start:end] = body
    return len(blocks), failures


def run(ecsh, commands, real_clock):
    clock = [] if real_clock else ["--virtual-clock"]
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home)
        p = subprocess.run([ecsh, "-i"] + clock,
                           input="".join(c + "\n" for c in commands),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, env=env, cwd=home, timeout=120)
    return p.stdout.split("\n")[:-1] if p.stdout else []


def check_page(ecsh, path, regen, bird):
    with open(path) as f:
        lines = f.read().split("\n")
    found = [s for s in sessions(lines) if (s[0] == "bird") == bird]
    groups = []
    for kind, start, end in found:
        if kind == "new" or not groups:
            groups.append([])
        groups[-1].append((start, end))
    failures = 0
    replacements = {}
    for group in groups:
        commands, firsts = [], []
        for start, end in group:
            typed = [PROMPT.sub("", unescape(l), count=1)
                     for l in lines[start:end] if PROMPT.match(unescape(l))]
            if not typed:
                sys.exit("%s:%d: a session without a command" % (path, start))
            firsts.append(len(commands))
            commands += typed
        out = run(ecsh, commands, bird)
        # cut the transcript where each display's first command is echoed
        cuts, at = [], 0
        for n, cmd in enumerate(commands):
            while at < len(out) and not (PROMPT.match(out[at]) and
                                         PROMPT.sub("", out[at], count=1) == cmd):
                at += 1
            if n in firsts:
                cuts.append(at)
            at += 1
        cuts.append(len(out))
        for d, (start, end) in enumerate(group):
            got = out[cuts[d]:cuts[d + 1]]
            want = [unescape(l) for l in lines[start:end]]
            if regen:
                replacements[start] = (end, [escape(l) for l in got])
                continue
            if [normalise(l) for l in got] != [normalise(l) for l in want]:
                failures += 1
                print("FAIL %s:%d: the session prints otherwise" % (path, start))
                for l in difflib_unified(want, got):
                    print("   " + l)
    if regen and replacements:
        for start in sorted(replacements, reverse=True):
            end, body = replacements[start]
            lines[start:end] = body
    nshell = 0
    if not bird:
        nshell, f = check_shell(ecsh, path, lines, regen)
        failures += f
    if regen:
        with open(path, "w") as f:
            f.write("\n".join(lines))
    return len(found) + nshell, failures


def difflib_unified(want, got):
    import difflib
    return list(difflib.unified_diff(want, got, "page", "ecsh", lineterm="",
                                     n=2))[:40]


def print_file(name, page):
    with open(page) as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        if line.strip() == '.\\" file ' + name:
            j = i + 2
            while lines[j].strip() != ".Ed":
                print(unescape(lines[j]))
                j += 1
            return
    sys.exit("%s: no file %s" % (page, name))


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    if args[0] == "--file":
        print_file(args[1], args[2])
        return
    ecsh = os.path.abspath(args.pop(0))
    regen = bird = False
    while args and args[0] in ("--regen", "--bird"):
        if args.pop(0) == "--regen":
            regen = True
        else:
            bird = True
    total = failed = 0
    for page in args:
        n, f = check_page(ecsh, page, regen, bird)
        total += n
        failed += f
    print("man sessions: %d passed, %d failed" % (total - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
