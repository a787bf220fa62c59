#!/usr/bin/env python3
"""Opens an HTML page in headless Chromium (Debian's `chromium`), keeps a screenshot, and fails
on anything the page's scripts print to the console: an uncaught error, a rejected promise, a
console.error, or any other console line (report pages log nothing, and Chromium's stderr log
does not say a console line's level: console.error and console.log look alike there).

  check_page.py [--chromium PATH] [--timeout S] PAGE SCREENSHOT
      exit 0: no console output and a non-empty PNG at SCREENSHOT; exit 1 otherwise (named)
  check_page.py --self-test
      exit 0 when the check above fails on a scratch page with deliberate errors

The page is opened from a copy in a temporary directory with a probe script appended that
moves the mouse over the timeline (svg.timeline) and off it again: the page's own script only
acts on those events, which a headless load never sends. Chromium gets a temporary HOME and
profile, both removed afterwards.
"""
import argparse
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile

# A console message on Chromium's stderr log (verified with Chromium 156):
#   [pid:tid:MMDD/HHMMSS.us:INFO:CONSOLE:3] "Uncaught Error: x", source: file:///p.html (3)
# older builds write CONSOLE(3) instead of CONSOLE:3.
CONSOLE = re.compile(r'^\[[^\]]*:CONSOLE[:(]\d+\)?\] (?P<msg>.*)$')

# Runs after the page's own script (it is inserted before </body>): leaves, then hovers the
# middle of the timeline, so the cursor handlers run and the screenshot shows the cursor.
PROBE = """<script>
// check_page.py's probe: hover the timeline so that its cursor handlers run headless.
(function () {
  var svg = document.querySelector('svg.timeline');
  if (!svg) return;
  var b = svg.getBoundingClientRect();
  var at = {clientX: b.left + b.width / 2, clientY: b.top + b.height / 2, bubbles: true};
  svg.dispatchEvent(new MouseEvent('mouseleave', at));
  svg.dispatchEvent(new MouseEvent('mousemove', at));
})();
</script>
"""

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def with_probe(html):
    at = html.rfind("</body>")
    return html + PROBE if at < 0 else html[:at] + PROBE + html[at:]


def run_chromium(chromium, url, screenshot, scratch, timeout):
    """Returns (exit code or None on timeout, stderr text)."""
    home = os.path.join(scratch, "home")
    os.makedirs(home)
    # Chromium writes ~/.config/chromium and ~/.cache even with --user-data-dir.
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"))
    argv = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--enable-logging=stderr", "--v=0",
            "--user-data-dir=" + os.path.join(scratch, "profile"),
            "--window-size=1400,2400", "--screenshot=" + screenshot, url]
    # A session of its own, so that a hung browser is killed with its renderers by group id.
    p = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        code = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        code = None
    return code, (out + err).decode("utf-8", "replace")


def check(page, screenshot, chromium, timeout):
    """Returns the list of problems (empty: the page passed)."""
    screenshot = os.path.abspath(screenshot)
    os.makedirs(os.path.dirname(screenshot), exist_ok=True)
    if os.path.exists(screenshot):
        os.remove(screenshot)  # a stale screenshot must not pass
    with open(page, encoding="utf-8") as f:
        html = f.read()
    with tempfile.TemporaryDirectory(prefix="check-page-") as scratch:
        copy = os.path.join(scratch, os.path.basename(page))
        with open(copy, "w", encoding="utf-8") as f:
            f.write(with_probe(html))
        url = pathlib.Path(copy).as_uri()
        code, log = run_chromium(chromium, url, screenshot, scratch, timeout)
    page_url = pathlib.Path(page).absolute().as_uri()
    problems = []
    if code is None:
        problems.append(f"chromium did not finish within {timeout} s")
    elif code != 0:
        problems.append(f"chromium exited with {code}:\n" + "\n".join(log.splitlines()[-20:]))
    for line in log.splitlines():
        m = CONSOLE.match(line)
        if m:
            # Named by the page checked, not by its scratch copy.
            problems.append("console: " + m.group("msg").replace(url, page_url))
    if not os.path.isfile(screenshot) or os.path.getsize(screenshot) == 0:
        problems.append(f"no screenshot at {screenshot}")
    else:
        with open(screenshot, "rb") as f:
            if f.read(8) != PNG_SIGNATURE:
                problems.append(f"{screenshot} is not a PNG")
    return problems


# The self-test's page: an error at load, a console.error, and an error in a mousemove handler
# on svg.timeline, which only the probe above makes run.
BAD_PAGE = """<!DOCTYPE html>
<html><body><svg class="timeline" width="400" height="100"></svg>
<script>console.error("deliberate console error");</script>
<script>
document.querySelector('svg.timeline').addEventListener('mousemove', function () {
  throw new Error("deliberate handler error");
});
throw new Error("deliberate load error");
</script>
</body></html>
"""
EXPECTED = ["deliberate console error", "Uncaught Error: deliberate handler error",
            "Uncaught Error: deliberate load error"]


def self_test(chromium, timeout):
    with tempfile.TemporaryDirectory(prefix="check-page-self-test-") as scratch:
        page = os.path.join(scratch, "bad.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write(BAD_PAGE)
        problems = check(page, os.path.join(scratch, "bad.png"), chromium, timeout)
    text = "\n".join(problems)
    missed = [e for e in EXPECTED if e not in text]
    if missed:
        print("self-test FAILED: the check did not report " + "; ".join(missed), file=sys.stderr)
        print(text, file=sys.stderr)
        return 1
    print("self-test passed: the check reported\n  " + "\n  ".join(problems))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chromium", default=shutil.which("chromium"),
                    help="the browser (default: chromium on PATH)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds for the browser")
    ap.add_argument("--self-test", action="store_true")
    ap.add_argument("page", nargs="?")
    ap.add_argument("screenshot", nargs="?")
    a = ap.parse_args()
    if not a.chromium:
        print("check_page: chromium not found; install Debian's chromium (scripts/setup.sh)",
              file=sys.stderr)
        return 1
    if a.self_test:
        return self_test(a.chromium, a.timeout)
    if not a.page or not a.screenshot:
        ap.error("give PAGE and SCREENSHOT, or --self-test")
    return report(check(a.page, a.screenshot, a.chromium, a.timeout), a.page, a.screenshot)


def report(problems, page, screenshot):
    print(f"screenshot: {os.path.abspath(screenshot)}")
    if problems:
        print(f"{page}: FAILED\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"{page}: no script errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
