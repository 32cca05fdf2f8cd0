#!/usr/bin/env python3
"""Run every example session of the manual pages against a fresh ecsh.

A session is a literal display preceded by the comment line

    .\\" session            (continues the page's current ecsh)
    .\\" session new        (starts a fresh one)

Its lines after a prompt ("ecsh#", "ecsh(config-vbr)#"...) are typed into
`ecsh -i --virtual-clock` (which shows each line after its prompt, as a
terminal does) and every line the page shows must be what ecsh prints.
Times and uptimes, which differ from run to run on a real clock, are
normalised on both sides; nothing else is.

    tests/man_sessions.py ECSH PAGE...            check
    tests/man_sessions.py ECSH --regen PAGE...    rewrite the displays
"""
import os
import re
import subprocess
import sys
import tempfile

PROMPT = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*(\([a-z-]+\))?# ")
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
        if mark in ('.\\" session', '.\\" session new'):
            if i + 1 >= len(lines) or not lines[i + 1].startswith(".Bd -literal"):
                sys.exit("%d: a session mark must precede .Bd -literal" % (i + 1))
            j = i + 2
            while j < len(lines) and lines[j].strip() != ".Ed":
                j += 1
            found.append((mark.endswith("new"), i + 2, j))
            i = j
        i += 1
    return found


def run(ecsh, commands):
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home)
        p = subprocess.run([ecsh, "-i", "--virtual-clock"],
                           input="".join(c + "\n" for c in commands),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, env=env, cwd=home, timeout=120)
    return p.stdout.split("\n")[:-1] if p.stdout else []


def check_page(ecsh, path, regen):
    with open(path) as f:
        lines = f.read().split("\n")
    found = sessions(lines)
    groups = []
    for new, start, end in found:
        if new or not groups:
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
        out = run(ecsh, commands)
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
        with open(path, "w") as f:
            f.write("\n".join(lines))
    return len(found), failures


def difflib_unified(want, got):
    import difflib
    return list(difflib.unified_diff(want, got, "page", "ecsh", lineterm="",
                                     n=2))[:40]


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    ecsh = os.path.abspath(args.pop(0))
    regen = args and args[0] == "--regen"
    if regen:
        args.pop(0)
    total = failed = 0
    for page in args:
        n, f = check_page(ecsh, page, regen)
        total += n
        failed += f
    print("man sessions: %d passed, %d failed" % (total - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
