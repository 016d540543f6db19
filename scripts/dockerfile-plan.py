#!/usr/bin/env python3
"""Reads the Dockerfile and prints what scripts/runtime-test.sh needs to build the image's
runtime filesystem without a container engine, as shell-quoted variable assignments:

  BUILD_ENV      the build stage's ENV, as NAME=VALUE words
  BUILD_RUNS     the build stage's RUN commands (shell form), one per line, NUL-free
  RUNTIME_RUNS   the runtime stage's RUN commands, one per line
  COPIES         the runtime stage's COPY --from lines: FROM_STAGE SRC DST CHOWN, one per line
  BASE           the runtime stage's base image (for the report only)

and writes the runtime stage's image config (Env, User, WorkingDir, Entrypoint, Cmd) as
JSON to the file named by its second argument, the way an OCI image config holds it: the
runtime tests read that file instead of parsing the Dockerfile again.

Usage: dockerfile-plan.py DOCKERFILE CONFIG.json
"""
import json
import shlex
import sys


def instructions(text):
    """Yields (KEYWORD, rest) per instruction: comments dropped, continuations joined."""
    cur = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not cur and (not line or line.startswith("#")):
            continue
        if cur and line.startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            cur += line[:-1] + " "
            continue
        cur += line
        kw, _, rest = cur.strip().partition(" ")
        yield kw.upper(), rest.strip()
        cur = ""
    if cur.strip():
        sys.exit("Dockerfile: the last instruction ends with a line continuation")


def env_pairs(rest):
    words = shlex.split(rest)
    if words and "=" not in words[0]:  # legacy form: ENV NAME value
        return [(words[0], " ".join(words[1:]))]
    return [tuple(w.split("=", 1)) for w in words]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        text = f.read()
    stages = []
    for kw, rest in instructions(text):
        if kw == "FROM":
            words = rest.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append({"name": name, "base": words[0], "instrs": []})
        elif not stages:
            if kw != "ARG":
                sys.exit("Dockerfile: %s before the first FROM" % kw)
        else:
            stages[-1]["instrs"].append((kw, rest))
    if len(stages) < 2:
        sys.exit("Dockerfile: want a build stage and a runtime stage, found %d stage(s)" % len(stages))
    runtime = stages[-1]
    build_env, build_runs = [], []
    for st in stages[:-1]:
        for kw, rest in st["instrs"]:
            if kw == "ENV":
                build_env += ["%s=%s" % p for p in env_pairs(rest)]
            elif kw == "RUN":
                build_runs.append(rest)
    runtime_runs, copies = [], []
    config = {"Env": [], "User": "", "WorkingDir": "/", "Entrypoint": None, "Cmd": None}
    for kw, rest in runtime["instrs"]:
        if kw == "RUN":
            runtime_runs.append(rest)
        elif kw == "ENV":
            for k, v in env_pairs(rest):
                config["Env"] = [e for e in config["Env"] if not e.startswith(k + "=")] + ["%s=%s" % (k, v)]
        elif kw == "USER":
            config["User"] = rest
        elif kw == "WORKDIR":
            config["WorkingDir"] = rest
        elif kw in ("ENTRYPOINT", "CMD"):
            config["Entrypoint" if kw == "ENTRYPOINT" else "Cmd"] = json.loads(rest)
        elif kw == "COPY":
            words = shlex.split(rest)
            opts = {w.split("=", 1)[0]: w.split("=", 1)[1] for w in words if w.startswith("--")}
            paths = [w for w in words if not w.startswith("--")]
            if "--from" not in opts or len(paths) != 2:
                sys.exit("Dockerfile: COPY %s: only COPY --from=STAGE SRC DST is supported here" % rest)
            copies.append("%s %s %s %s" % (opts["--from"], paths[0], paths[1], opts.get("--chown", "-")))
        elif kw not in ("LABEL", "HEALTHCHECK", "ARG", "EXPOSE"):
            sys.exit("Dockerfile: the runtime test does not know how to apply %s" % kw)
    with open(sys.argv[2], "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")
    for name, value in (("BUILD_ENV", " ".join(build_env)), ("BUILD_RUNS", "\n".join(build_runs)),
                        ("RUNTIME_RUNS", "\n".join(runtime_runs)), ("COPIES", "\n".join(copies)),
                        ("BASE", runtime["base"])):
        print("%s=%s" % (name, shlex.quote(value)))


main()
