import Foundation
import Testing

/// The browser harness itself, on fixture pages that follow the explainer's contract (or
/// break it on purpose): it must report a good page as clean, and each fault as that fault.
/// Serialized so that at most one Chromium from this suite runs at a time.
@Suite(.serialized) struct HeadlessChromiumTests {
    /// A temporary directory holding one fixture page and its screenshots.
    struct Fixture {
        let directory: URL
        let page: URL
        let screenshots: URL

        init(html: String) throws {
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("reclaim-browser-fixture-\(UUID().uuidString)")
            page = directory.appendingPathComponent("page.html")
            screenshots = directory.appendingPathComponent("screenshots")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try html.write(to: page, atomically: true, encoding: .utf8)
        }

        func drive() throws -> BrowserRun {
            try HeadlessChromium.drive(page: page, screenshots: screenshots, timeout: 30)
        }

        func remove() {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static let phases = [
        ("roots", "Find the roots"),
        ("subtract", "Subtract internal references"),
        ("sweep", "Sweep the unreachable"),
    ]

    /// A page with `phases` that follows the contract. `stepBody` runs as the body of the
    /// `step(delta)` function that both buttons call; `onShow` runs after each phase is
    /// shown, with `index` set; `head` goes into `<head>`.
    static func page(
        stepBody: String = "index = Math.min(Math.max(index + delta, 0), phases.length - 1);",
        onShow: String = "",
        head: String = ""
    ) -> String {
        let list = phases.map { "[\"\($0.0)\", \"\($0.1)\"]" }.joined(separator: ", ")
        return """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Fixture</title>\(head)
            <style>body { font: 20px sans-serif; } .phase-1 { background: #dfd; } .phase-2 { background: #ddf; }</style>
            </head>
            <body data-phase-count="\(phases.count)" data-phase-index="0" data-phase-id="\(phases[0].0)">
            <h1 id="phase-title">\(phases[0].1)</h1>
            <button id="previous" disabled>Previous</button> <button id="next">Next</button>
            <script>
            const phases = [\(list)];
            let index = 0;
            function show() {
                const body = document.body;
                body.dataset.phaseIndex = String(index);
                body.dataset.phaseId = phases[index][0];
                body.className = "phase-" + index;
                document.getElementById("phase-title").textContent = phases[index][1];
                document.getElementById("previous").toggleAttribute("disabled", index === 0);
                document.getElementById("next").toggleAttribute("disabled", index === phases.length - 1);
                \(onShow)
            }
            function step(delta) {
                \(stepBody)
                show();
            }
            document.getElementById("previous").addEventListener("click", () => step(-1));
            document.getElementById("next").addEventListener("click", () => step(1));
            show();
            </script>
            </body>
            </html>
            """
    }

    @Test func goodPageYieldsAScreenshotOfEveryPhaseAndNoProblems() throws {
        let fixture = try Fixture(html: Self.page())
        defer { fixture.remove() }
        let run = try fixture.drive()

        #expect(run.problems == [])
        #expect(run.phaseCount == 3)
        #expect(run.phases.map(\.index) == [0, 1, 2])
        #expect(run.phases.map(\.id) == Self.phases.map(\.0))
        #expect(run.phases.map(\.title) == Self.phases.map(\.1))
        for phase in run.phases {
            let url = URL(fileURLWithPath: phase.screenshot)
            let expected = fixture.screenshots.appendingPathComponent("phase-\(phase.index)-\(phase.id).png")
            #expect(url.resolvingSymlinksInPath().path == expected.resolvingSymlinksInPath().path)
            let data = try Data(contentsOf: url)
            #expect(data.count > 0)
            #expect(data.count == phase.bytes)
            #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG signature")
        }
        let sizes = try run.phases.map { try Data(contentsOf: URL(fileURLWithPath: $0.screenshot)) }
        #expect(Set(sizes).count == 3, "each phase looks different, so each screenshot differs")
    }

    @Test func consoleErrorOnTheSecondStepIsReported() throws {
        let fixture = try Fixture(html: Self.page(onShow: "if (index === 2) console.error('lost the sweep');"))
        defer { fixture.remove() }
        let run = try fixture.drive()

        #expect(run.consoleErrors.map(\.level) == ["error"])
        #expect(run.consoleErrors.map(\.text) == ["lost the sweep"])
        #expect(run.exceptions.isEmpty && run.failures.isEmpty && run.externalRequests.isEmpty)
        #expect(run.phases.count == 3)
    }

    @Test func uncaughtExceptionIsReported() throws {
        let fixture = try Fixture(html: Self.page(onShow: "if (index === 1) throw new TypeError('no such edge');"))
        defer { fixture.remove() }
        let run = try fixture.drive()

        #expect(!run.exceptions.isEmpty)
        #expect(run.exceptions.allSatisfy { $0.text.contains("TypeError: no such edge") })
        #expect(run.consoleErrors.isEmpty && run.externalRequests.isEmpty)
    }

    @Test func externalScriptIsReportedAsARequest() throws {
        let html = Self.page(head: #"<script src="https://example.com/x.js"></script>"#)
        let fixture = try Fixture(html: html)
        defer { fixture.remove() }
        let run = try fixture.drive()

        #expect(run.externalRequests == ["https://example.com/x.js"])
        #expect(run.failures.isEmpty && run.exceptions.isEmpty)
        #expect(run.phases.count == 3)
    }

    @Test func nextThatDoesNotAdvanceIsAContractFailure() throws {
        let fixture = try Fixture(html: Self.page(stepBody: "if (delta < 0) index = Math.max(index - 1, 0);"))
        defer { fixture.remove() }
        let run = try fixture.drive()

        #expect(run.failures.count == 1)
        #expect(run.failures.first?.contains("#next on phase 0") == true)
        #expect(run.phases.map(\.id) == ["roots"], "the driver stops at the phase it could not leave")
    }

    @Test func buttonCoveredByAnotherElementCannotBeClicked() throws {
        // `element.click()` would still step this page; a real mouse click lands on the cover.
        let cover = #"<div style="position: fixed; inset: 0; background: rgba(0, 0, 0, 0.1)"></div></body>"#
        let fixture = try Fixture(html: Self.page().replacingOccurrences(of: "</body>", with: cover))
        defer { fixture.remove() }
        let run = try fixture.drive()

        #expect(run.failures.count == 1)
        #expect(run.failures.first?.contains("#next on phase 0") == true)
    }

    @Test func pageWithoutTheContractsElementsThrows() throws {
        let html = Self.page().replacingOccurrences(of: #"<h1 id="phase-title">"#, with: "<h1>")
        let fixture = try Fixture(html: html)
        defer { fixture.remove() }

        let error = #expect(throws: HeadlessChromium.Failure.self) { try fixture.drive() }
        #expect(error?.status == 1)
        #expect(error?.standardError.contains("missing #phase-title") == true)
    }
}
