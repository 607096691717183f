import Foundation
import Testing

/// The page `reclaim explain` writes, opened in a real headless Chromium (installed by
/// `Scripts/ensure-chromium` when missing): it loads without errors or network requests, the
/// step buttons reach every phase, and each phase leaves a screenshot.
@Suite(.serialized) struct ExplainPageBrowserTests {
    @Test func theExamplePageStepsThroughEveryPhaseWithoutErrors() throws {
        let scratch = try ScratchDirectory()
        let page = scratch.url.appendingPathComponent("explain.html")
        let result = try ReclaimExecutable.run(["explain", "-o", page.path])
        try #require(result.status == 0, "\(result.standardError)")
        let recording = try ExplainRecordingJSON(page: try String(contentsOf: page, encoding: .utf8))

        let screenshots = HeadlessChromium.explainerScreenshots
        let run = try HeadlessChromium.drive(page: page, screenshots: screenshots)
        #expect(run.problems == [])
        #expect(run.phaseCount == recording.phases.count)
        #expect(run.phases.map(\.id) == recording.phases.map(\.id))
        #expect(run.phases.map(\.title) == recording.phases.map(\.title))
        var images: Set<Data> = []
        for phase in run.phases {
            let image = try Data(contentsOf: URL(fileURLWithPath: phase.screenshot))
            #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(phase.screenshot) is a PNG")
            #expect(phase.screenshot.hasPrefix(screenshots.path))
            images.insert(image)
        }
        #expect(images.count == run.phases.count, "every phase looks different")
    }

    /// A graph with nothing to collect: the later phases say so, and the page still works.
    @Test func aGraphWithoutGarbageAlsoStepsThroughEveryPhase() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("node a\nnode b\noutside -> a\na -> b\nb -> a\na -> a\n", to: "alive.txt")
        let page = scratch.url.appendingPathComponent("alive.html")
        let result = try ReclaimExecutable.run(["explain", file, "-o", page.path])
        try #require(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Unreachable (the garbage): none."))

        let run = try HeadlessChromium.drive(page: page, screenshots: scratch.url.appendingPathComponent("shots"))
        #expect(run.problems == [])
        #expect(run.phases.count == 8)
    }
}
