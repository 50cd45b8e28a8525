#!/usr/bin/env python3
"""Writes the twoleg(1) man page from the help texts of the built tool.

    make_manpage.py TWOLEG OUTPUT

The page is made of what `twoleg --help` and `twoleg COMMAND --help` print
(every command listed by `twoleg --help`, subcommands such as `jwt verify`
included), so it says what the tool says and cannot drift from it.
"""
import re
import subprocess
import sys


def run(tool, *args):
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


def command_paths(main_help):
    """The commands of `twoleg --help`: the leading lower-case words of each
    two-space-indented line in its "commands:" list ("jwt verify", "sha256")."""
    paths, listing = [], False
    for line in main_help.splitlines():
        if line.startswith("commands:"):
            listing = True
            continue
        if listing and not line.strip():
            break
        m = re.match(r"^  ([a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*)*)(?=\s|$)", line) if listing else None
        if m and m.group(1) not in paths:
            paths.append(m.group(1))
    return paths


def roff(text):
    """Text for a no-fill block: backslashes and minus signs escaped, lines
    that would read as requests protected."""
    out = []
    for line in text.rstrip("\n").splitlines():
        line = line.replace("\\", "\\e").replace("-", "\\-")
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def main():
    tool, output = sys.argv[1], sys.argv[2]
    main_help = run(tool, "--help")
    version = run(tool, "version").splitlines()[0].split()[-1]
    parts = [
        '.TH TWOLEG 1 "" "twoleg %s" "User Commands"' % version,
        ".SH NAME",
        "twoleg \\- Google service\\-account token assertions (RS256 JWTs) without OpenSSL",
        ".SH SYNOPSIS",
        ".nf",
        roff(main_help),
        ".fi",
        ".SH COMMANDS",
    ]
    for path in command_paths(main_help):
        parts += [".SS twoleg " + roff(path), ".nf", roff(run(tool, *path.split(), "--help")), ".fi"]
    parts += [
        ".SH ENVIRONMENT",
        ".TP",
        ".B TWOLEG_NO_SHANI=1",
        "SHA\\-256 without the SHA extensions (the portable code).",
        ".TP",
        ".B TWOLEG_NO_MULX=1",
        "RSA signing with GMP's mpn_sec_powm instead of the mulx/adx kernel.",
        ".PP",
        "\\fBtwoleg version\\fR shows which implementations are in use.",
        ".SH EXIT STATUS",
        "0 success, 1 verification failed, 2 usage error, 3 invalid input, 4 I/O error.",
        "Every error is one line on standard error beginning \\(lqtwoleg: \\(rq.",
        ".SH SEE ALSO",
        "The README of the twoleg sources, and \\fBopenssl\\fR(1).",
    ]
    with open(output, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
