#!/usr/bin/env bash
# Cost of the rulebook in the number of trades: `dudao check` (load, every rule, findings
# as JSON) on the example case with N generated share sales (and N/10 purchases) by 300
# parties over 2021-2026, with a release build. Prints a Markdown table: time, peak RSS
# and microseconds per sale; linear cost keeps the last column flat.
# Usage: scripts/bench-rules.sh [N ...]   (default 1000 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p dudao
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" "${@:-1000 10000 100000 1000000}" <<'PY'
import datetime, os, random, re, shutil, subprocess, sys, time
work, sizes = sys.argv[1], [int(n) for arg in sys.argv[2:] for n in arg.split()]
closed = set(re.findall(r"^  (\d{4}-\d\d-\d\d),", open("data/calendar/china.toml").read().split("[working]")[0], re.M))
day, trading_days = datetime.date(2021, 4, 1), []
while day <= datetime.date(2026, 10, 30):
    if day.weekday() < 5 and day.isoformat() not in closed:
        trading_days.append(day.isoformat())
    day += datetime.timedelta(days=1)
roles = ["executive"] * 20 + ["director"] * 10 + ["major_shareholder"] * 20 + ["pre_ipo_holder"] * 250

def generate(n, folder):
    """The example case with n generated sales; the same n always gives the same case."""
    rng = random.Random(n)
    shutil.copytree("examples/qingcloud", folder)
    company = open(f"{folder}/company.toml").read()
    company = company.replace("date = 2022-04-28", "date = 2021-03-16").replace("through = 2023-02-07", "through = 2026-12-31")
    open(f"{folder}/company.toml", "w").write(company)
    parties = [(f"股东{i:03}", role) for i, role in enumerate(roles)]
    with open(f"{folder}/shareholders.toml", "a") as out:
        for name, role in parties:
            out.write(f'\n[[parties]]\nname = "{name}"\nroles = ["{role}"]\n')
            if role == "major_shareholder":
                out.write(f'\n[[holdings]]\nholder = "{name}"\ndate = 2021-03-31\nshares = 2500000\n')
            if role in ("executive", "director"):
                for year in range(2021, 2027):
                    out.write(f'\n[[insiders]]\nname = "{name}"\nrole = "董事"\nyear = {year}\nopening_shares = 400000\nclosing_shares = 400000\nreason = "二级市场买卖"\n')
    with open(f"{folder}/events.toml", "a") as out:
        for i in range(n):
            name, _ = rng.choice(parties)
            out.write(f'\n[[share_sales]]\nid = "s{i}"\ndate = {rng.choice(trading_days)}\nholder = "{name}"\nshares = {rng.randint(1, 50) * 100}\n'
                      f'method = "centralized_bidding"\naverage_price = "{rng.randint(2000, 6000) / 100:.2f}"\n')
        for i in range(n // 10):
            name, _ = rng.choice(parties[:30])
            out.write(f'\n[[share_purchases]]\ndate = {rng.choice(trading_days)}\nholder = "{name}"\nshares = {rng.randint(1, 50) * 100}\n')

print("| sales | events.toml | time | peak RSS | µs per sale | findings |")
print("|---|---|---|---|---|---|")
for n in sizes:
    folder = f"{work}/case{n}"
    generate(n, folder)
    argv = ["target/release/dudao", "check", folder, "--on", "2026-11-24", "--format", "json"]
    env = dict(os.environ, DUDAO_MAX_CASE_FILE_MB="4096", DUDAO_MAX_CASE_MB="4096")
    start = time.perf_counter()
    with open(f"{work}/out.json", "w") as sink:
        child = subprocess.Popen(argv, stdout=sink, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"dudao check exited {os.waitstatus_to_exitcode(status)}: {child.stderr.read().decode()[:500]}")
    findings = open(f"{work}/out.json").read().count('"rule":')
    size = os.path.getsize(f"{folder}/events.toml") / 1e6
    print(f"| {n:,} | {size:.1f} MB | {seconds:.2f} s | {usage.ru_maxrss / 1024:.0f} MiB | {seconds / n * 1e6:.1f} | {findings:,} |", flush=True)
    shutil.rmtree(folder)
PY
