import Reclaim
import Testing

/// Every runtime layout Reclaim reads is checked at start-up against the runtime itself; on
/// the platforms Reclaim is verified on, every check must pass (a failed check switches its
/// feature to a slower path or off, which these tests would otherwise not notice).
@Suite struct RuntimeProbesTests {
    @Test func everyProbePassesOnThisPlatform() {
        let results = RuntimeProbes.results
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            #expect(results.failures.isEmpty, "\(results.failures)")
            #expect(results.decodesReferenceCountWord)
            #expect(results.decodesSideTableCounts)
            #expect(results.readsAccessRecords)
            #expect(results.readsInstanceSize)
            #expect(results.findsIndirectBoxes)
            #expect(results.findsExistentialBoxes)
            #expect(RuntimeProbes.walksObjectReferences)
        #else
            #expect(!results.failures.isEmpty, "each unverified layout is reported")
        #endif
    }

    @Test func theFinalizeAndTraverseEntriesAreFoundInClassMetadata() {
        // Without them every class would count as overriding both: correct, but every object
        // tracked and every garbage object finalized. The probe must not fall back silently.
        #expect(RuntimeProbes.results.locatesFinalize)
        #expect(RuntimeProbes.results.locatesTraverse)
    }

    final class Plain {
        var value = 0
    }

    @Test func theDecodedCountMatchesTheRuntimeWithAndWithoutASideTable() {
        let object = Plain()
        let address = Unmanaged.passUnretained(object).toOpaque()
        let extra = (0..<5).map { _ in Unmanaged.passUnretained(object).retain() }
        #expect(RuntimeShims.referenceCountState(of: address).strongCount == RuntimeShims.retainCount(address))
        #expect(RuntimeShims.referenceCountState(of: address).isDeinitializing == false)
        weak let weakReference = object  // a side table: the runtime is asked
        #expect(RuntimeShims.referenceCountState(of: address).strongCount == RuntimeShims.retainCount(address))
        for reference in extra { reference.release() }
        #expect(weakReference != nil)
    }

    @Test func theStrongCountIsReadFromASideTableAsTheRuntimeReadsIt() {
        let object = Plain()
        let address = UnsafeRawPointer(Unmanaged.passUnretained(object).toOpaque())
        weak let weakReference = object
        let mutableAddress = UnsafeMutableRawPointer(mutating: address)
        let base = RuntimeShims.strongCount(of: address)
        for extra in 0..<40 {
            #expect(RuntimeShims.strongCount(of: address) == RuntimeShims.retainCount(mutableAddress))
            #expect(RuntimeShims.strongCount(of: address) == base + extra)
            _ = Unmanaged.passUnretained(object).retain()
        }
        for _ in 0..<40 { Unmanaged.passUnretained(object).release() }
        #expect(RuntimeShims.strongCount(of: address) == base)
        #expect(weakReference != nil)
    }

    final class Holder {
        var pages: [Int] = []
    }

    @Test func anAccessInProgressIsListedWithTheAddressOfItsProperty() {
        let holder = Holder()
        let objectStart = UInt(bitPattern: Unmanaged.passUnretained(holder).toOpaque())
        var inside: [UInt] = []
        holder.pages.withUnsafeMutableBufferPointer { _ in
            inside = RuntimeShims.inProgressAccessAddresses() ?? []
        }
        #expect(inside.contains(objectStart + 16), "the access to `pages`, right after the object header")
        #expect(RuntimeShims.inProgressAccessAddresses()?.contains(objectStart + 16) == false)
    }
}
