#!/usr/bin/env bash
# README, `--help` and the man page agree. The commands are those `twoleg
# --help` lists (whatever they are: nothing here names one), and a command's
# options are those its `twoleg COMMAND --help` names in its usage lines or
# describes in its option list. Fails when
#   - README's synopsis (the first code block under "## The command-line
#     tool") lacks a command or one of its options, or lists an option the
#     command does not have ("(same options as X)" stands for X's);
#   - `twoleg --help`'s summary names an option a command does not have;
#   - any `twoleg COMMAND ...` anywhere in README passes an option COMMAND
#     does not have;
#   - the man page twoleg(1) lacks a command or one of its options.
set -uo pipefail
. "$(dirname "$0")/common.sh" help_readme
readme=$TWOLEG_SOURCE_ROOT/README.md
manpage=${TWOLEG_MANPAGE:-$(dirname "$cli")/twoleg.1}

python3 - "$cli" "$readme" "$manpage" "$TWOLEG_SOURCE_ROOT/docs" <<'PY'
import re
import subprocess
import sys

cli, readme_path, manpage_path, docs_dir = sys.argv[1:5]
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, docs_dir)
from make_manpage import command_paths  # noqa: E402  (the one reader of `twoleg --help`'s command list)
problems = []
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def run(*args):
    r = subprocess.run([cli, *args], capture_output=True, text=True)
    if r.returncode != 0:
        problems.append("twoleg %s exited %d: %s" % (" ".join(args), r.returncode, r.stderr.strip()))
    return r.stdout


def entries(lines, start):
    """Command entries of a synopsis: {path: text of its line and continuation
    lines}. An entry starts at a line matching `start` (group 1: the rest)."""
    found, current = {}, None
    for line in lines:
        m = start.match(line)
        if m:
            rest = m.group(1)
            path = None
            for p in sorted(paths, key=len, reverse=True):
                if rest == p or rest.startswith(p + " "):
                    path = p
                    break
            current = path
            if path is not None:
                found[path] = found.get(path, "") + " " + rest[len(path):]
        elif current is not None and line[:1].isspace() and line.strip():
            found[current] += " " + line
        else:
            current = None
    return found


def options_of(text, table_only=False):
    if table_only:
        return {m.group(1) for m in re.finditer(r"(?m)^\s+(--[a-z][a-z0-9-]*)", text)} - {"--help"}
    return set(OPTION.findall(text)) - {"--help"}


def resolve(found, where):
    """{path: options}, following "(same options as X)"."""
    out = {}
    for path, text in found.items():
        m = re.search(r"\(same options as ([a-z][a-z0-9 -]*?)\)", text)
        if m:
            other = m.group(1).strip()
            if other not in found:
                problems.append("%s: '%s' refers to '%s', which it does not list" % (where, path, other))
                out[path] = set()
            else:
                out[path] = options_of(found[other])
        else:
            out[path] = options_of(text)
    return out


# --- the commands and their options, from the help texts --------------------------
main_help = run("--help")
paths = command_paths(main_help)  # read the way the man page generator reads them
if len(paths) < 2:
    problems.append("found only %r in twoleg --help's command list" % paths)

help_options = {}
for path in paths:
    text = run(*path.split(), "--help")
    if not text.startswith("usage: twoleg " + path):
        problems.append("twoleg %s --help does not begin with 'usage: twoleg %s'" % (path, path))
    # The options: those its usage lines name and those its option list
    # describes (indented lines that begin with the option).
    table = options_of(text, table_only=True)
    usage, in_usage = [], False
    for line in text.splitlines():
        if line.startswith("usage:"):
            in_usage = True
        elif not line[:1].isspace():
            in_usage = False
        if in_usage:
            usage.append(line)
    help_options[path] = table | options_of("\n".join(usage))

# --- twoleg --help's own list --------------------------------------------------------
# (A summary: it may leave options out, e.g. those it names once for all commands.)
listed = resolve(entries(main_help.splitlines(), re.compile(r"^  ([a-z].*)$")), "twoleg --help")
for path in paths:
    got = listed.get(path, set())
    for o in sorted(got - help_options[path]):
        problems.append("twoleg --help: the line of '%s' names %s, which 'twoleg %s --help' does not have" % (path, o, path))

# --- README ---------------------------------------------------------------------------
readme = open(readme_path, encoding="utf-8").read().splitlines()
try:
    section = next(i for i, l in enumerate(readme) if l.strip() == "## The command-line tool")
    first = next(i for i in range(section, len(readme)) if readme[i].startswith("```"))
    last = next(i for i in range(first + 1, len(readme)) if readme[i].startswith("```"))
    synopsis = readme[first + 1:last]
except StopIteration:
    problems.append("README has no code block under '## The command-line tool'")
    synopsis = []
# Placeholders the synopsis defines in prose: "`NAME` stands for `[--a X | --b Y]`".
placeholders = dict(re.findall(r"`([A-Z][A-Z0-9-]*)` stands for `([^`]*)`", "\n".join(readme)))
synopsis_entries = entries(synopsis, re.compile(r"^twoleg (.*)$"))
for path, text in synopsis_entries.items():
    for name, expansion in placeholders.items():
        text = re.sub(r"(?<![\w-])%s(?![\w-])" % re.escape(name), " " + expansion + " ", text)
    synopsis_entries[path] = text
documented = resolve(synopsis_entries, "README's synopsis")
for path in paths:
    if path not in documented:
        problems.append("README's synopsis lacks 'twoleg %s'" % path)
        continue
    for o in sorted(help_options[path] - documented[path]):
        problems.append("README's synopsis of 'twoleg %s' lacks %s" % (path, o))
    for o in sorted(documented[path] - help_options[path]):
        problems.append("README's synopsis of 'twoleg %s' names %s, which 'twoleg %s --help' does not have" % (path, o, path))

# Every `twoleg COMMAND ...` in README, in code blocks and inline code: the
# options up to the end of that command (a pipe, ;, &&, ||, ), ` or the end of
# the line; a trailing backslash continues the line).
joined, pending = [], ""
for line in readme:
    if line.rstrip().endswith("\\"):
        pending += line.rstrip()[:-1] + " "
        continue
    joined.append(pending + line)
    pending = ""
for number, line in enumerate(joined, 1):
    for m in re.finditer(r"(?<![\w/.-])twoleg ((?:[a-z][a-z0-9-]*)(?: [a-z][a-z0-9-]*)?)", line):
        words = m.group(1)
        path = words if words in paths else words.split(" ")[0] if words.split(" ")[0] in paths else None
        if path is None:
            continue
        rest = line[m.start() + len("twoleg ") + len(path):]
        rest = re.split(r"\||;|&&|\)|`", rest)[0]
        for o in sorted(options_of(rest) - help_options[path]):
            problems.append("README: 'twoleg %s ... %s': no such option (%s)" % (path, o, line.strip()[:100]))

# --- the man page ------------------------------------------------------------------------
try:
    page = open(manpage_path, encoding="utf-8").read()
except OSError as e:
    problems.append("no man page at %s: %s" % (manpage_path, e))
    page = ""
page = page.replace("\\-", "-").replace("\\e", "\\").replace("\\&", "")
sections = {}
current = None
for line in page.splitlines():
    if line.startswith(".SS twoleg "):
        current = line[len(".SS twoleg "):].strip()
        sections[current] = ""
    elif line.startswith((".SH", ".SS")):
        current = None
    elif current is not None:
        sections[current] += line + "\n"
if page and not page.startswith(".TH TWOLEG 1 "):
    problems.append("the man page does not begin with '.TH TWOLEG 1'")
for path in paths:
    if path not in sections:
        problems.append("the man page has no section for 'twoleg %s'" % path)
        continue
    got = options_of(sections[path])
    for o in sorted(help_options[path] - got):
        problems.append("the man page's 'twoleg %s' lacks %s" % (path, o))

for p in problems:
    print("FAIL:", p)
if problems:
    sys.exit(1)
print("help_readme: %d commands, %d options: README, --help and twoleg(1) agree"
      % (len(paths), sum(len(v) for v in help_options.values())))
PY
status=$?
[ "$status" -eq 0 ] || exit 1
