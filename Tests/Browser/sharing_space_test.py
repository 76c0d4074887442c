#!/usr/bin/env python3
"""The web Sharing Space in a real browser (headless Chromium through selenium and the system
chromedriver), against real placesyncd processes: node A with a seeded example county, a hub, and
node B that syncs through the hub.

Checks: log in; browse to a project; add a PDSA cycle and a measure point and see the chart change;
edit one note in two browser sessions at once and see both edits in both; see node B's edit arrive
on A through the hub; accessibility basics on every main page (every field labelled, one h1,
headings in order, lang set, no console errors); /metrics parses as Prometheus text. Screenshots of
each main page, at 1280 and 320 px wide, go to .build/screenshots/.

Usage: PLACESYNC_BIN=<swift build --show-bin-path> python3 Tests/Browser/sharing_space_test.py
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

BIN = os.environ.get("PLACESYNC_BIN") or sys.exit("set PLACESYNC_BIN to the folder holding placesync and placesyncd")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHOTS = os.path.join(ROOT, ".build", "screenshots")
WORK = tempfile.mkdtemp(prefix="placesync-browser-")
PROCESSES = []
FAILURES = []
OUTPUTS = []  # everything the command line printed, scanned for secrets at the end


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL:", message, flush=True)


def cli(node, *args, timeout=180):
    result = subprocess.run([os.path.join(BIN, "placesync"), *args, "--data-dir", node],
                            capture_output=True, text=True, timeout=timeout)
    OUTPUTS.append(result.stdout + result.stderr)
    if result.returncode != 0:
        raise RuntimeError(f"placesync {' '.join(args)}: {result.stdout} {result.stderr}")
    return result.stdout.strip()


def daemon(node, *args, web=True):
    """Starts placesyncd; returns (process, node id, peer port or None, web URL or None)."""
    log = open(os.path.join(WORK, os.path.basename(node) + ".log"), "w")
    command = [os.path.join(BIN, "placesyncd"), "--data-dir", node, "--log-level", "debug",
               "--http", "127.0.0.1:0" if web else "", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)
    PROCESSES.append(process)
    banner = process.stdout.readline()
    match = re.search(r"node (\S+) (?:listening on 127.0.0.1:(\d+)|not listening)", banner)
    if not match:
        raise RuntimeError(f"placesyncd did not start: {banner}")
    url = None
    if web:
        line = process.stdout.readline()
        url = re.search(r"web (http://\S+/)", line).group(1).rstrip("/")
    return process, match.group(1), match.group(2), url


def api(url, token, path, method="GET", body=None):
    request = urllib.request.Request(url + path, method=method, headers={"Authorization": "Bearer " + token})
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read()) if response.headers.get("Content-Type", "").startswith("application/json") else response.read().decode()


def browser(width=1280, height=1000):
    """A headless Chromium; below Chrome's smallest window it emulates a phone's viewport."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     f"--window-size={width},{height}"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    if width < 500:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    return driver


def log_in(driver, url, token):
    driver.get(url + "/")
    check("/login" in driver.current_url, f"an unauthenticated visit goes to the login page, not {driver.current_url}")
    driver.find_element(By.ID, "token").send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(lambda: driver.find_elements(By.CSS_SELECTOR, "nav[aria-label=Main]"), "the home page after login")


def wait(condition, what, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception:
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def accessibility(driver, page):
    """Every visible field labelled, one h1, no skipped heading level, lang set, no console errors."""
    result = driver.execute_script("""
        const unlabelled = [];
        for (const field of document.querySelectorAll('input, select, textarea')) {
            if (field.type === 'hidden') continue;
            const labelled = (field.id && document.querySelector('label[for="' + field.id + '"]')) ||
                field.getAttribute('aria-label') || field.getAttribute('aria-labelledby') || field.closest('label');
            if (!labelled) unlabelled.push(field.outerHTML.slice(0, 80));
        }
        const levels = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).map(h => Number(h.tagName[1]));
        const skips = [];
        for (let i = 1; i < levels.length; i++) if (levels[i] > levels[i - 1] + 1) skips.push(levels[i - 1] + '→' + levels[i]);
        return { unlabelled, h1: levels.filter(l => l === 1).length, first: levels[0], skips, lang: document.documentElement.lang };
    """)
    check(not result["unlabelled"], f"{page}: fields without a label: {result['unlabelled']}")
    check(result["h1"] == 1 and result["first"] == 1, f"{page}: one h1, first: {result}")
    check(not result["skips"], f"{page}: heading levels skipped: {result['skips']}")
    check(result["lang"] == "en-GB", f"{page}: html lang is {result['lang']!r}")
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check(not errors, f"{page}: console errors: {errors}")


def shoot(driver, name):
    os.makedirs(SHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def main():
    a, b, hub = (os.path.join(WORK, name) for name in ("a", "b", "hub"))
    for node in (a, b, hub):
        cli(node, "init")
    space = cli(a, "create-space", "Example county")
    cli(a, "example-county", "--seed", "5", "--scale", "0.05")
    a_id = cli(a, "id")
    b_id = cli(b, "id")
    _, hub_id, hub_port, _ = daemon(hub, "--listen", "127.0.0.1:0", "--relay", "--trust-admin", a_id, web=False)
    hub_address = f"127.0.0.1:{hub_port}={hub_id}"
    cli(a, "add-member", space, hub_id, "--role", "relay")
    cli(a, "add-member", space, b_id, "--role", "writer")
    cli(a, "sync", "--once", "--peer", hub_address)
    subprocess.run([os.path.join(BIN, "placesync"), "sync", "--once", "--peer", hub_address, "--data-dir", b],
                   capture_output=True, timeout=120)
    cli(b, "accept", space)
    cli(b, "sync", "--once", "--peer", hub_address, "--timeout", "120")
    _, _, _, url_a = daemon(a, "--listen", "", "--peer", hub_address)
    _, _, _, url_b = daemon(b, "--listen", "", "--peer", hub_address)
    token_a = open(os.path.join(a, "http.token")).read().strip()
    token_b = open(os.path.join(b, "http.token")).read().strip()
    check(oct(os.stat(os.path.join(a, "http.token")).st_mode & 0o777) == "0o600", "the token file is 0600")

    # A project with a measure, found through the API.
    measures = api(url_a, token_a, f"/v1/spaces/{space}/measures?limit=500")["items"]
    measure = next(m for m in measures if m.get("project"))
    project = measure["project"]

    first = browser()
    second = browser()
    narrow = browser(320, 900)
    remote = browser()
    try:
        log_in(first, url_a, token_a)
        shoot(first, "home")
        accessibility(first, "home")
        first.find_element(By.LINK_TEXT, "Projects").click()
        wait(lambda: first.find_elements(By.CSS_SELECTOR, ".project-card"), "the project list")
        shoot(first, "projects")
        accessibility(first, "projects")
        theme = first.find_element(By.ID, "f-theme")
        theme.find_elements(By.TAG_NAME, "option")[1].click()
        first.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
        wait(lambda: "theme=" in first.current_url, "the filtered list")

        first.get(f"{url_a}/s/{space}/projects/{project}")
        wait(lambda: first.find_elements(By.CSS_SELECTOR, "img.chart"), "the project page's chart")
        shoot(first, "project")
        accessibility(first, "project")
        chart = first.find_element(By.CSS_SELECTOR, f"#measure-{measure['id']} img.chart")
        before_alt, before_src = chart.get_attribute("alt"), chart.get_attribute("src")
        check(chart.get_attribute("naturalWidth") not in (None, "0"), "the chart image loads")

        # Add a PDSA cycle.
        first.find_element(By.XPATH, "//summary[contains(., 'Add a PDSA cycle')]").click()
        first.find_element(By.ID, "c-title").send_keys("Cycle from the browser test")
        first.find_element(By.ID, "c-objective").send_keys("See whether a reminder call helps.")
        first.find_element(By.ID, "c-title").submit()
        wait(lambda: "Cycle from the browser test" in first.find_element(By.CSS_SELECTOR, ".timeline").text,
             "the new cycle in the timeline")

        # Study the cycle and decide: the cycle's page takes every part of it.
        first.find_element(By.LINK_TEXT, "Cycle from the browser test").click()
        wait(lambda: first.find_elements(By.ID, "e-study"), "the cycle's page")
        shoot(first, "pdsa")
        accessibility(first, "pdsa")
        first.find_element(By.ID, "e-study").send_keys("Calls helped: 8 of 10 attended.")
        first.find_element(By.CSS_SELECTOR, "#e-decision option[value=adopt]").click()
        first.find_element(By.ID, "e-study").submit()
        wait(lambda: "Calls helped" in first.find_element(By.CSS_SELECTOR, ".timeline").text,
             "the study in the timeline")
        check("decision: adopt" in first.find_element(By.CSS_SELECTOR, ".timeline").text, "the decision shows")

        # Add a measure point; the chart changes.
        first.find_element(By.XPATH, "//summary[contains(., 'Add a data point')]").click()
        select = first.find_element(By.ID, "p-measure")
        select.find_element(By.CSS_SELECTOR, f"option[value='{measure['id']}']").click()
        date = first.find_element(By.ID, "p-date")
        first.execute_script("arguments[0].value = '2031-01-01'", date)
        first.find_element(By.ID, "p-value").send_keys("999")
        first.find_element(By.ID, "p-value").submit()
        # Looked up afresh on each try: until the redirect lands, the old page's chart is still there.
        selector = f"#measure-{measure['id']} img.chart"
        wait(lambda: first.find_element(By.CSS_SELECTOR, selector).get_attribute("src") != before_src,
             "the chart's address to change with its data")
        wait(lambda: first.find_element(By.CSS_SELECTOR, selector).get_attribute("alt") != before_alt,
             "the chart's description to change")
        shoot(first, "project-after-point")

        # A PID guard message beside the field.
        first.find_element(By.XPATH, "//summary[contains(., 'Add a PDSA cycle')]").click()
        first.find_element(By.ID, "c-title").send_keys("Call Mrs Smith NHS 943 476 5919")
        first.find_element(By.ID, "c-title").submit()
        error = wait(lambda: first.find_element(By.ID, "c-title-err"), "the PID guard's message")
        check("patient" in error.text.lower() or "nhs" in error.text.lower(), f"the PID message says why: {error.text}")
        check(first.find_element(By.ID, "c-title").get_attribute("aria-invalid") == "true", "the field is marked invalid")
        shoot(first, "project-pid-guard")
        first.get_log("browser")  # the refused form's 422 was meant

        # Add a measure from the project page.
        first.get(f"{url_a}/s/{space}/projects/{project}")
        first.find_element(By.XPATH, "//summary[contains(., 'Add a measure')]").click()
        first.find_element(By.ID, "m-name").send_keys("Reminder calls made")
        first.find_element(By.CSS_SELECTOR, "#m-type option[value=process]").click()
        first.find_element(By.ID, "m-unit").send_keys("per week")
        first.find_element(By.ID, "m-name").submit()
        wait(lambda: "Reminder calls made" in first.find_element(By.ID, "measures-h").find_element(By.XPATH, "..").text,
             "the new measure on the project page")
        accessibility(first, "project with a new measure")

        # A note edited in two browsers at once.
        note = api(url_a, token_a, f"/v1/spaces/{space}/notes", "POST",
                   {"title": "Browser test huddle", "body": "Agreed actions:\n", "project": project})
        note_url = f"{url_a}/s/{space}/notes/{note['id']}"
        log_in(second, url_a, token_a)
        first.get(note_url)
        second.get(note_url)
        area_one = wait(lambda: first.find_element(By.ID, "note-body"), "the note editor")
        area_two = wait(lambda: second.find_element(By.ID, "note-body"), "the second editor")
        time.sleep(1)  # both event streams open
        area_one.send_keys(Keys.END, "alpha from one")
        area_two.send_keys(Keys.CONTROL, Keys.HOME)
        area_two.send_keys("beta from two ")
        for driver, name in ((first, "first"), (second, "second")):
            wait(lambda: "alpha from one" in driver.find_element(By.ID, "note-body").get_attribute("value")
                 and "beta from two" in driver.find_element(By.ID, "note-body").get_attribute("value"),
                 f"both edits in the {name} browser")
        shoot(first, "note")
        accessibility(first, "note")
        stored = api(url_a, token_a, f"/v1/spaces/{space}/notes/{note['id']}")["body"]
        check("alpha from one" in stored and "beta from two" in stored, f"both edits stored: {stored!r}")

        # Node B edits the same note; the edit reaches A's browser through the hub.
        wait(lambda: api(url_b, token_b, f"/v1/spaces/{space}/notes/{note['id']}"), "the note on node B", timeout=30)
        log_in(remote, url_b, token_b)
        remote.get(f"{url_b}/s/{space}/notes/{note['id']}")
        area_remote = wait(lambda: remote.find_element(By.ID, "note-body"), "the editor on node B")
        wait(lambda: "alpha from one" in area_remote.get_attribute("value"), "A's edits on node B", timeout=30)
        area_remote.send_keys(Keys.END, " gamma from node B")
        wait(lambda: "gamma from node B" in first.find_element(By.ID, "note-body").get_attribute("value"),
             "node B's edit in node A's browser, through the hub", timeout=30)

        for name, path in (("report", "report"), ("people", "people"), ("sync", "sync")):
            first.get(f"{url_a}/s/{space}/{path}")
            wait(lambda: first.find_elements(By.TAG_NAME, "h1"), name)
            shoot(first, name)
            accessibility(first, name)
        check("Everything is synced" in first.page_source or "Syncing" in first.page_source,
              "the sync page says whether everything is synced")

        log_in(narrow, url_a, token_a)
        for name, path in (("home", ""), ("projects", "/projects"), ("project", f"/projects/{project}"),
                           ("note", f"/notes/{note['id']}"), ("report", "/report"), ("sync", "/sync")):
            narrow.get(f"{url_a}/s/{space}{path}")
            wait(lambda: narrow.find_elements(By.TAG_NAME, "h1"), name)
            width = narrow.execute_script("return document.documentElement.scrollWidth")
            check(width <= 330, f"{name} fits 320 px (scroll width {width})")
            shoot(narrow, name + "-320")

        # Keyboard: the skip link is the first stop and moves focus to the content.
        first.get(f"{url_a}/s/{space}")
        first.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        check(first.switch_to.active_element.get_attribute("class") == "skip", "Tab reaches the skip link first")

        # Logging out ends the session.
        first.find_element(By.CSS_SELECTOR, ".session button").click()
        first.get(f"{url_a}/s/{space}")
        check("/login" in first.current_url, "after logging out, pages need the token again")
    finally:
        for driver in (first, second, narrow, remote):
            driver.quit()

    # Secrets hygiene (RELIABILITY.md D34): no node's secret key and no access token, in hex or base64,
    # in anything the daemons logged (at debug level) or the command line printed.
    import base64
    secrets = []
    for node in (a, b, hub):
        key = open(os.path.join(node, "node.key"), "rb").read()
        check(key[:5] == b"PSKEY" and key[6] == 0 and len(key) == 55, f"{node}: a plain key file")
        seed = key[7:39]
        secrets += [seed.hex(), seed.hex().upper(), base64.b64encode(seed).decode().rstrip("="),
                    base64.urlsafe_b64encode(seed).decode().rstrip("=")]
    secrets += [token_a, token_b]
    texts = OUTPUTS + [open(os.path.join(WORK, name), errors="replace").read()
                       for name in os.listdir(WORK) if name.endswith(".log")]
    hits = [secret[:8] for secret in secrets for text in texts if secret in text]
    check(not hits, f"key bytes or tokens in logs or output: {hits}")
    check(sum(len(text) for text in texts) > 10_000, "the logs scanned are not empty")

    # /metrics parses as Prometheus text.
    from prometheus_client.parser import text_string_to_metric_families
    text = api(url_a, token_a, "/metrics")
    names = {family.name for family in text_string_to_metric_families(text)}
    for expected in ("placesync_envelopes_in", "placesync_bytes_out", "placesync_write_duration_seconds",
                     "placesync_pending_envelopes", "hb_requests"):
        check(any(name.startswith(expected) for name in names), f"/metrics has {expected}: {sorted(names)[:40]}")


if __name__ == "__main__":
    try:
        main()
    except Exception as error:
        FAILURES.append(f"{type(error).__name__}: {error}")
        traceback.print_exc()
    finally:
        for process in PROCESSES:
            process.terminate()
        for process in PROCESSES:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                FAILURES.append("a placesyncd did not stop within 15 s of SIGTERM")
                process.kill()
        if FAILURES:
            for failure in FAILURES:
                print("  -", failure)
            print(f"browser test: {len(FAILURES)} failure(s); logs in {WORK}", flush=True)
            sys.exit(1)
        shutil.rmtree(WORK, ignore_errors=True)
        print(f"browser test: all checks passed; screenshots in {SHOTS}")
