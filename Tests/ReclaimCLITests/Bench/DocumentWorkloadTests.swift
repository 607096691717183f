import Testing

/// `shared-buffers` and `copied-out-arrays` check their own results (a wrong count stops the
/// benchmark child with a message); these run them small, in whatever build the tests use, and
/// read the counts from the JSON report.
@Suite struct DocumentWorkloadTests {
    /// Tracked objects per document: the document, 50 pages and 25 × 40 shapes.
    private static let objectsPerDocument = 1051

    private func detail(_ arguments: [String]) throws -> [String: Double] {
        let run = try BenchWorkloadRun(arguments)
        let entry = try #require(run.workloads.first)
        return try #require(entry["detail"] as? [String: Double])
    }

    @Test func sharedBuffersCollectsEveryObjectWithNothingRefused() throws {
        // Scale 100: 10 documents.
        let detail = try detail(["--filter", "shared-buffers", "--scale", "100", "--no-python"])
        #expect(detail["objects"] == Double(10 * Self.objectsPerDocument))
        #expect(detail["collected"] == detail["objects"])
        #expect(detail["refused"] == 0)
    }

    @Test func copiedOutArraysKeepTheirDocumentsAndCPythonAgrees() throws {
        // Scale 20: 50 documents, 1 250 original pages, every 100th copied: 12 documents kept.
        let detail = try detail(["--filter", "copied-out-arrays", "--scale", "20"])
        #expect(detail["documents kept"] == 12)
        #expect(detail["survivors"] == Double(12 * Self.objectsPerDocument))
        #expect(detail["unreachable"] == Double(38 * Self.objectsPerDocument))
        #expect(detail["refused"] == 0)
        // CPython counts the lists too: the page list and 25 shape lists per document.
        #expect(detail["python unreachable"] == Double(38 * (Self.objectsPerDocument + 26)))
        #expect(detail["python survivors"] == Double(12 * (Self.objectsPerDocument + 26)))
    }
}
