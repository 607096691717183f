import LeakCheck
import Reclaim
import XCTest

/// `expectNoLeaks` inside XCTest: failures arrive through `XCTFail`, captured here.
final class LeakCheckXCTests: XCTestCase {
    private var recordedFailures: [String] = []

    override func recordFailure(
        withDescription description: String,
        inFile filePath: String,
        atLine lineNumber: Int,
        expected: Bool
    ) {
        guard description.contains("expectNoLeaks:") else {
            super.recordFailure(withDescription: description, inFile: filePath, atLine: lineNumber, expected: expected)
            return
        }
        recordedFailures.append(description)
    }

    func testCleanCodePasses() {
        let heap = Heap()
        expectNoLeaks(in: heap) {
            _ = Parent(heap: heap)
        }
        XCTAssertEqual(recordedFailures, [])
    }

    func testALeakFailsWithTheReport() {
        let heap = Heap()
        expectNoLeaks(LeakCheck.Options.collectable(allocationFrames: 0), in: heap) {
            _ = Fixtures.makeFamily(heap: heap)
        }
        XCTAssertEqual(recordedFailures.count, 1)
        XCTAssertTrue(
            recordedFailures.first?.contains("expectNoLeaks: 1 leaked reference cycle created in this block") == true,
            "\(recordedFailures)"
        )
        XCTAssertTrue(recordedFailures.first?.contains("cycle 1: Parent.children[] → Child.parent → Parent") == true)
    }
}
