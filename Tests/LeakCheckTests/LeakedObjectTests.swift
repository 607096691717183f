import Testing

@testable import LeakCheck

@Suite struct LeakedObjectTests {
    @Test(arguments: [
        (
            "LeakCheckTests.Fixtures.makeFamily(heap: Reclaim.Heap) -> (parentLine: Swift.Int, childLine: Swift.Int)",
            "Fixtures.makeFamily(heap:)"
        ),
        ("App.Store.insert(_: Swift.String, at: Swift.Int) -> ()", "Store.insert(_:at:)"),
        ("App.run() -> ()", "run()"),
        ("App.apply(_: (Swift.Int, Swift.Int) -> Swift.Int, to: [Swift.String : Swift.Int]) -> ()", "apply(_:to:)"),
        ("closure #1 () -> () in App.Store.load(from: Foundation.URL) -> ()", "closure in Store.load(from:)"),
        ("malloc", "malloc"),
    ])
    func shortFunctionNamesKeepTypeNameAndLabels(demangled: String, expected: String) {
        #expect(LeakedObject.shortFunctionName(demangled) == expected)
    }
}
