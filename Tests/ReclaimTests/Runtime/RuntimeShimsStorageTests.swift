import Reclaim
import Testing

/// The layout facts `sizeof` and `deepSize` rely on, checked on the running toolchain.
@Suite struct RuntimeShimsStorageTests {
    final class ThreeWords {
        var a = 0, b = 0, c = 0
    }

    @Test func instanceSizeIsHeaderPlusStoredProperties() {
        #expect(RuntimeShims.instanceSize(of: ThreeWords.self) == 16 + 24)
        #expect(RuntimeShims.instanceSize(of: LinkNode.self) == 16 + 8 + 8)
    }

    @Test func sharedSingletonsAreNotHeapBlocks() throws {
        let emptyArray = try #require(RuntimeShims.storageObjectAddress(of: [Int]()))
        #expect(RuntimeShims.heapBlockSize(ofObjectAt: emptyArray) == nil)
        let emptyDictionary = try #require(RuntimeShims.storageObjectAddress(of: [String: Int]()))
        #expect(RuntimeShims.heapBlockSize(ofObjectAt: emptyDictionary) == nil)
    }

    @Test func arrayStorageIsAHeapBlockHoldingTheElements() throws {
        let numbers = Array(repeating: 1, count: 64)
        let storage = try #require(RuntimeShims.storageObjectAddress(of: numbers))
        let firstElement = numbers.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) }
        #expect(firstElement - storage == 32, "elements follow the 32-byte buffer header")
        #expect(try #require(RuntimeShims.heapBlockSize(ofObjectAt: storage)) >= 32 + 64 * 8)
    }

    @Test func onlyNativeLargeStringsHaveStorage() throws {
        #expect(RuntimeShims.nativeStorageAddress(of: "small") == nil)
        #expect(RuntimeShims.nativeStorageAddress(of: "a string literal too long to be stored inline") == nil)
        let built = String(repeating: "ab", count: 40)
        let storage = try #require(RuntimeShims.nativeStorageAddress(of: built))
        #expect(try #require(RuntimeShims.heapBlockSize(ofObjectAt: storage)) >= 80)
        withExtendedLifetime(built) {}
    }
}
