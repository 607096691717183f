import Foundation
import Reclaim
import ReclaimInspection
import ReclaimTestSupport
import ReclaimTracing
import Testing

/// The README's "Inspecting memory" examples, with the numbers it shows.
@Suite struct ReadmeExampleTests {
    final class Paragraph: GCObject {
        var text: String

        init(text: String) {
            self.text = text
            super.init()
        }
    }

    final class Entry {
        let id: Int

        init(id: Int) { self.id = id }
    }

    @Test func sizes() {
        let paragraph = Paragraph(text: String(repeating: "word ", count: 200))
        // The README shows glibc's size classes; a fragmented heap can hand out up to 16
        // bytes more, so the exact figures are checked against the allocator.
        #expect(GlibcSizes.isUsableSize(sizeof(paragraph), forRequest: 40))
        #expect(sizeof(paragraph) == GlibcSizes.usableSize(of: paragraph))
        let stringUsage = DeepSizeReport(measuring: [paragraph]).byType["String"]
        #expect(stringUsage?.count == 1)
        #expect((1064...1080).contains(stringUsage?.bytes ?? 0))
        #expect(deepSize(paragraph) == sizeof(paragraph) + (stringUsage?.bytes ?? 0))
    }

    @Test(.exclusiveTracing, .enabled(if: AllocationTracer.isAvailable))
    func allocationTracing() throws {
        let thisFile = [TraceFilter(inclusive: true, filePattern: "*/ReadmeExampleTests.swift")]
        try AllocationTracer.start(frames: 10)
        defer { AllocationTracer.stop() }
        let before = try AllocationTracer.snapshot()
        var index: [Entry] = []
        index.reserveCapacity(20_000)
        for id in 0..<20_000 { index.append(Entry(id: id)) }
        let line = #line - 1
        let after = try AllocationTracer.snapshot()
        let differences = try after.filtered(by: thisFile).compare(to: before.filtered(by: thisFile), groupedBy: .line)
        #expect(
            differences.first?.description
                == "\(#filePath):\(line): size=480000 B (+480000 B), count=20000 (+20000), average=24 B"
        )
        let traceback = try #require(AllocationTracer.traceback(of: index[0]))
        #expect(traceback.frames.first?.line == line)
    }
}
