#!/usr/bin/env python3
"""Drive an explainer page through every phase in headless Chromium.

Usage: drive-explainer.py PAGE.html SCREENSHOT_DIR [--chromium PATH] [--timeout S]

Chromium is started with ``--remote-debugging-pipe`` and spoken to over the
DevTools protocol: commands go to its fd 3 and responses and events come back
on its fd 4, each message a JSON object ended by a NUL byte.

The page must follow this contract:

* ``<body data-phase-count="N" data-phase-index="i" data-phase-id="...">``,
  updated by the page's script on every step, starting at phase 0;
* ``button#previous`` and ``button#next`` step backwards and forwards, and
  carry the ``disabled`` attribute on the first and last phase respectively;
* ``#phase-title`` holds the current phase's title.

For each phase the driver saves ``phase-<index>-<id>.png`` in SCREENSHOT_DIR
(first deleting the ``phase-*.png`` files of earlier runs there), then clicks ``#next`` with real mouse events. Finally it clicks ``#previous``
once. It prints one JSON object on standard output (see ``build_report``) and
exits 0 whenever it could drive the page, even if the page logged errors: the
caller decides what is acceptable. It exits 2 on bad usage and 1 with a
message on standard error when Chromium does not start, the page does not
load, the contract's elements are missing, or the timeout expires.
"""

import argparse
import base64
import ctypes
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WINDOW_WIDTH = 1280
WINDOW_HEIGHT = 900
STEP_WAIT_SECONDS = 2.0
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
CONSOLE_TYPES = ("error", "assert", "warning")
PR_SET_CHILD_SUBREAPER = 36


class DriverError(Exception):
    """The page could not be driven; the message says why."""

    shows_chromium_output = False


class BrowserClosed(DriverError):
    """Chromium closed its end of the pipe (it exited or crashed)."""

    shows_chromium_output = True


class TimedOut(DriverError):
    """Chromium did not answer, or the page did not finish loading, in time."""

    shows_chromium_output = True


class DevToolsPipe:
    """The DevTools protocol over Chromium's debugging pipe.

    Responses are matched to commands by id. Events that arrive meanwhile are
    handed to ``on_event`` in order of arrival.
    """

    def __init__(self, to_browser, from_browser, deadline, on_event):
        self.to_browser = to_browser
        self.from_browser = from_browser
        self.deadline = deadline
        self.on_event = on_event
        self.next_id = 0
        self.buffer = b""

    def send(self, method, params=None, session=None):
        """Send a command and return its result, or raise DriverError."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        self.write(json.dumps(message).encode() + b"\0")
        while True:
            reply = self.receive()
            if reply.get("id") == message["id"]:
                if "error" in reply:
                    raise DriverError(f"{method} failed: {reply['error'].get('message', reply['error'])}")
                return reply.get("result", {})
            if "method" in reply:
                self.on_event(reply)

    def wait_for_event(self, method, session=None):
        """Read messages until event `method` arrives for `session`; return it or None at the deadline."""
        while True:
            reply = self.receive(self.deadline)
            if reply is None:
                return None
            if "method" in reply:
                self.on_event(reply)
                if reply["method"] == method and reply.get("sessionId") == session:
                    return reply

    def pump(self, seconds):
        """Handle the events that arrive within `seconds`."""
        until = min(self.deadline, time.monotonic() + seconds)
        while (reply := self.receive(until)) is not None:
            if "method" in reply:
                self.on_event(reply)

    def write(self, data):
        """Write all of `data` to Chromium, raising BrowserClosed if it is gone."""
        try:
            while data:
                written = os.write(self.to_browser, data)
                data = data[written:]
        except BrokenPipeError as error:
            raise BrowserClosed("Chromium closed the debugging pipe") from error

    def receive(self, until=None):
        """Return the next message, or None once `until` passes.

        Without `until`, waiting past the overall deadline raises DriverError.
        """
        while b"\0" not in self.buffer:
            limit = self.deadline if until is None else until
            remaining = limit - time.monotonic()
            if remaining <= 0:
                if until is None:
                    raise TimedOut("timed out waiting for Chromium")
                return None
            ready, _, _ = select.select([self.from_browser], [], [], remaining)
            if ready:
                chunk = os.read(self.from_browser, 1 << 20)
                if not chunk:
                    raise BrowserClosed("Chromium closed the debugging pipe (did it crash?)")
                self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(message)


class Recorder:
    """Collects the page's console errors, exceptions, log errors and external requests."""

    def __init__(self):
        self.session = None
        self.console_errors = []
        self.exceptions = []
        self.log_errors = []
        self.external_requests = []

    def __call__(self, event):
        """Record `event` if it is one of those the report lists."""
        if self.session is None or event.get("sessionId") != self.session:
            return
        params = event.get("params", {})
        handler = {
            "Runtime.consoleAPICalled": self.console_called,
            "Runtime.exceptionThrown": self.exception_thrown,
            "Log.entryAdded": self.log_entry_added,
            "Network.requestWillBeSent": self.request_will_be_sent,
        }.get(event["method"])
        if handler is not None:
            handler(params)

    def console_called(self, params):
        """Record console.error, console.assert and console.warn calls."""
        if params.get("type") not in CONSOLE_TYPES:
            return
        text = " ".join(describe_remote_object(argument) for argument in params.get("args", []))
        frame = first_frame(params.get("stackTrace"))
        self.console_errors.append({"level": params["type"], "text": text, **frame})

    def exception_thrown(self, params):
        """Record an uncaught exception or unhandled rejection."""
        details = params.get("exceptionDetails", {})
        exception = details.get("exception") or {}
        text = exception.get("description") or details.get("text", "")
        self.exceptions.append(
            {"text": text, "url": details.get("url", ""), "line": details.get("lineNumber", 0) + 1}
        )

    def log_entry_added(self, params):
        """Record browser log entries of level error (failed loads, blocked requests, ...)."""
        entry = params.get("entry", {})
        if entry.get("level") == "error":
            self.log_errors.append(
                {"source": entry.get("source", ""), "text": entry.get("text", ""), "url": entry.get("url", "")}
            )

    def request_will_be_sent(self, params):
        """Record requests for anything but local URLs: the page must be self-contained."""
        url = params.get("request", {}).get("url", "")
        if not url.startswith(LOCAL_SCHEMES):
            self.external_requests.append(url)


def describe_remote_object(value):
    """Render a console argument (a Runtime.RemoteObject) as text."""
    if "value" in value:
        return value["value"] if isinstance(value["value"], str) else json.dumps(value["value"])
    return value.get("description") or value.get("unserializableValue") or value.get("type", "")


def first_frame(stack_trace):
    """Return the url and 1-based line of the top frame of `stack_trace`, if any."""
    frames = (stack_trace or {}).get("callFrames") or []
    if not frames:
        return {}
    return {"url": frames[0].get("url", ""), "line": frames[0].get("lineNumber", 0) + 1}


class Page:
    """One page target of Chromium, attached with a flat session."""

    def __init__(self, pipe, session):
        self.pipe = pipe
        self.session = session

    def send(self, method, params=None):
        """Send a command to this page's session."""
        return self.pipe.send(method, params, session=self.session)

    def evaluate(self, expression):
        """Evaluate `expression` in the page and return its value; page exceptions raise DriverError."""
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = (details.get("exception") or {}).get("description") or details.get("text")
            raise DriverError(f"evaluating {expression!r} threw: {text}")
        return result.get("result", {}).get("value")

    def state(self):
        """The phase attributes of <body>, the #phase-title text and whether the buttons are disabled."""
        return self.evaluate(
            """(() => {
                const body = document.body;
                const title = document.querySelector('#phase-title');
                const button = (id) => document.querySelector('button#' + id);
                const disabled = (id) => button(id) ? button(id).hasAttribute('disabled') : null;
                return {
                    count: body ? body.getAttribute('data-phase-count') : null,
                    index: body ? body.getAttribute('data-phase-index') : null,
                    id: body ? body.getAttribute('data-phase-id') : null,
                    title: title ? title.textContent.trim().replace(/\\s+/g, ' ') : null,
                    hasPrevious: !!button('previous'),
                    hasNext: !!button('next'),
                    previousDisabled: disabled('previous'),
                    nextDisabled: disabled('next'),
                };
            })()"""
        )

    def button_center(self, name):
        """Scroll button#`name` into view if needed and return the viewport point at its center."""
        box = self.evaluate(
            f"""(() => {{
                const button = document.querySelector('button#{name}');
                if (!button) return null;
                button.scrollIntoView({{block: 'nearest', inline: 'nearest'}});
                const r = button.getBoundingClientRect();
                return {{x: r.left + r.width / 2, y: r.top + r.height / 2, width: r.width, height: r.height}};
            }})()"""
        )
        if box is None:
            raise DriverError(f"the page has no button#{name}")
        if box["width"] <= 0 or box["height"] <= 0:
            raise DriverError(f"button#{name} has an empty bounding box (is it hidden?)")
        return box["x"], box["y"]

    def click(self, name):
        """Click button#`name` with real mouse events at the center of its bounding box."""
        x, y = self.button_center(name)
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        for kind in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "buttons": 1, "clickCount": 1},
            )

    def wait_for_index_change(self, old_index):
        """Wait until data-phase-index differs from `old_index`; return the last state seen."""
        until = time.monotonic() + STEP_WAIT_SECONDS
        while True:
            state = self.state()
            if state["index"] != old_index or time.monotonic() >= until:
                return state
            self.pipe.pump(0.05)

    def settle(self):
        """Wait for two animation frames so that the last DOM change is painted."""
        self.evaluate(
            "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"
        )

    def screenshot(self, path):
        """Save a PNG of the viewport at `path` and return its size in bytes."""
        result = self.send("Page.captureScreenshot", {"format": "png"})
        data = base64.b64decode(result["data"])
        path.write_bytes(data)
        return len(data)


def parse_arguments(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Step an explainer page through its phases in headless Chromium.")
    parser.add_argument("page", type=Path, help="the HTML file to load")
    parser.add_argument("screenshots", type=Path, help="directory for phase-<index>-<id>.png screenshots")
    parser.add_argument("--chromium", default=None, help="Chromium binary (default: chromium on PATH)")
    parser.add_argument("--timeout", type=float, default=60.0, help="give up after this many seconds (default 60)")
    return parser.parse_args(argv)


def chromium_command(binary, profile):
    """The command line that starts headless Chromium with a debugging pipe and a throwaway profile."""
    command = [
        binary,
        "--headless=new",
        "--remote-debugging-pipe",
        f"--user-data-dir={profile}",
        f"--window-size={WINDOW_WIDTH},{WINDOW_HEIGHT}",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--mute-audio",
        "about:blank",
    ]
    if os.geteuid() == 0:
        command.insert(1, "--no-sandbox")
    return command


def start_chromium(binary, profile, log):
    """Start Chromium in its own process group with the pipe on its fds 3 and 4.

    Returns the process, the fd to write commands to and the fd to read messages from.
    """
    command_read, command_write = os.pipe()
    reply_read, reply_write = os.pipe()

    def wire_pipe():
        """In the child: move the pipe ends to fds 3 (commands in) and 4 (replies out)."""
        high_command = os.dup(command_read)
        high_reply = os.dup(reply_write)
        os.dup2(high_command, 3)
        os.dup2(high_reply, 4)

    try:
        process = subprocess.Popen(
            chromium_command(binary, profile),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            pass_fds=(3, 4),
            preexec_fn=wire_pipe,
            start_new_session=True,
        )
    except OSError as error:
        for fd in (command_read, command_write, reply_read, reply_write):
            os.close(fd)
        raise DriverError(f"could not start {binary}: {error}") from error
    os.close(command_read)
    os.close(reply_write)
    return process, command_write, reply_read


def become_subreaper():
    """On Linux, adopt orphaned descendants, so that Chromium's helpers can be reaped here.

    When the browser process exits first, its zygote and helper processes would
    otherwise be re-parented to PID 1, which in some containers never reaps them.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def reap_children(seconds=2.0):
    """Collect every child as it exits, for at most `seconds`."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.02)


def stop_chromium(process, pipe):
    """Ask Chromium to close, then kill its whole process group if it lingers."""
    if pipe is not None and process.poll() is None:
        try:
            pipe.write(json.dumps({"id": 999_999_999, "method": "Browser.close"}).encode() + b"\0")
        except DriverError:
            pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    reap_children()


def open_page(pipe, recorder, url):
    """Create a page target, enable the domains we listen to, load `url` and wait for its load event."""
    target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    recorder.session = session
    page = Page(pipe, session)
    for domain in ("Runtime", "Log", "Page", "Network"):
        page.send(f"{domain}.enable")
    page.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": WINDOW_WIDTH, "height": WINDOW_HEIGHT, "deviceScaleFactor": 1, "mobile": False},
    )
    navigation = page.send("Page.navigate", {"url": url})
    if navigation.get("errorText"):
        raise DriverError(f"the page did not load: {navigation['errorText']} ({url})")
    if pipe.wait_for_event("Page.loadEventFired", session=session) is None:
        raise TimedOut(f"timed out waiting for the load event of {url}")
    return page


def check_contract(state):
    """Raise DriverError unless the page has the contract's attributes and elements."""
    missing = [
        what
        for what, present in (
            ("<body data-phase-count>", state["count"] is not None),
            ("<body data-phase-index>", state["index"] is not None),
            ("<body data-phase-id>", state["id"] is not None),
            ("#phase-title", state["title"] is not None),
            ("button#previous", state["hasPrevious"]),
            ("button#next", state["hasNext"]),
        )
        if not present
    ]
    if missing:
        raise DriverError("the page does not follow the explainer contract; missing " + ", ".join(missing))
    if not re.fullmatch(r"[1-9][0-9]*", state["count"]):
        raise DriverError(f"data-phase-count is {state['count']!r}, not a positive integer")
    return int(state["count"])


def screenshot_name(index, phase_id):
    """The screenshot file name for phase `index` with id `phase_id`, safe for any file system."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", phase_id).strip("-") or "unnamed"
    return f"phase-{index}-{safe}.png"


def walk_forward(page, count, directory, failures):
    """Screenshot every phase, clicking #next between them. Returns the phase records."""
    phases = []
    state = page.state()
    if state["index"] != "0":
        failures.append(f"the page loaded at data-phase-index {state['index']!r}, not 0")
    if state["previousDisabled"] is not True:
        failures.append("#previous is not disabled on the first phase")
    for step in range(count):
        page.settle()
        phase_id, title = state["id"] or "", state["title"] or ""
        path = directory / screenshot_name(step, phase_id)
        size = page.screenshot(path)
        phases.append({"index": step, "id": phase_id, "title": title, "screenshot": str(path), "bytes": size})
        check_phase_attributes(state, step, count, phases, failures)
        if step == count - 1:
            if state["nextDisabled"] is not True:
                failures.append(f"#next is not disabled on the last phase ({step})")
            break
        page.click("next")
        state = page.wait_for_index_change(state["index"])
        if state["index"] != str(step + 1):
            failures.append(f"#next on phase {step} moved data-phase-index to {state['index']!r}, not {step + 1}")
            break
    return phases


def check_phase_attributes(state, step, count, phases, failures):
    """Record failures for a phase whose attributes break the contract."""
    if state["count"] != str(count):
        failures.append(f"data-phase-count changed from {count} to {state['count']!r} on phase {step}")
    if not state["id"]:
        failures.append(f"phase {step} has an empty data-phase-id")
    elif [phase["id"] for phase in phases].count(state["id"]) > 1:
        failures.append(f"phase {step} repeats the data-phase-id {state['id']!r}")
    if not state["title"]:
        failures.append(f"phase {step} has an empty #phase-title")
    if 0 < step < count - 1 and (state["previousDisabled"] or state["nextDisabled"]):
        failures.append(f"a step button is disabled on the middle phase {step}")


def step_back(page, phases, failures):
    """Click #previous once from the last phase reached and check that it goes back one phase."""
    if len(phases) < 2:
        return
    last = phases[-1]["index"]
    page.click("previous")
    state = page.wait_for_index_change(str(last))
    expected = last - 1
    if state["index"] != str(expected):
        failures.append(f"#previous on phase {last} moved data-phase-index to {state['index']!r}, not {expected}")
    elif state["id"] != phases[expected]["id"]:
        failures.append(f"after #previous, data-phase-id is {state['id']!r}, not {phases[expected]['id']!r}")


def build_report(count, phases, recorder, failures):
    """The JSON object printed on standard output."""
    return {
        "phaseCount": count,
        "phases": phases,
        "consoleErrors": recorder.console_errors,
        "exceptions": recorder.exceptions,
        "logErrors": recorder.log_errors,
        "externalRequests": recorder.external_requests,
        "failures": failures,
    }


def drive(arguments, profile, log):
    """Start Chromium, drive the page and return the report; always stops Chromium."""
    binary = arguments.chromium or shutil.which("chromium")
    if binary is None:
        raise DriverError("no chromium on PATH; run Scripts/ensure-chromium or pass --chromium PATH")
    deadline = time.monotonic() + arguments.timeout
    recorder = Recorder()
    process, to_browser, from_browser = start_chromium(binary, profile, log)
    pipe = DevToolsPipe(to_browser, from_browser, deadline, recorder)
    try:
        page = open_page(pipe, recorder, arguments.page.resolve().as_uri())
        count = check_contract(page.state())
        failures = []
        phases = walk_forward(page, count, arguments.screenshots, failures)
        step_back(page, phases, failures)
        pipe.pump(0.1)
        return build_report(count, phases, recorder, failures)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        stop_chromium(process, pipe)
        os.close(to_browser)
        os.close(from_browser)


def chromium_log_tail(log):
    """The last lines Chromium wrote, to explain a failure, without its noise about a missing D-Bus."""
    log.seek(0)
    lines = log.read().decode(errors="replace").strip().splitlines()
    return "\n".join([line for line in lines if ":ERROR:dbus/" not in line][-15:])


def main(argv):
    """Run the driver; see the module documentation."""
    arguments = parse_arguments(argv)
    if not arguments.page.is_file():
        print(f"drive-explainer: no such page: {arguments.page}", file=sys.stderr)
        return 1
    arguments.screenshots = arguments.screenshots.resolve()
    arguments.screenshots.mkdir(parents=True, exist_ok=True)
    for stale in arguments.screenshots.glob("phase-*.png"):
        stale.unlink()

    def on_alarm(signum, frame):
        raise TimedOut(f"timed out after {arguments.timeout:g} s")

    become_subreaper()
    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    signal.setitimer(signal.ITIMER_REAL, arguments.timeout + 5)
    profile = tempfile.mkdtemp(prefix="drive-explainer-profile-")
    try:
        with tempfile.TemporaryFile() as log:
            try:
                report = drive(arguments, profile, log)
            except DriverError as error:
                print(f"drive-explainer: {error}", file=sys.stderr)
                tail = chromium_log_tail(log) if error.shows_chromium_output else ""
                if tail:
                    print("chromium output:\n" + tail, file=sys.stderr)
                return 1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        shutil.rmtree(profile, ignore_errors=True)
    json.dump(report, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
