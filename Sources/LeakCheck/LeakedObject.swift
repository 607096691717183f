import Reclaim
import ReclaimInspection
import ReclaimTracing

/// One object in a leak report: its type and where it was allocated.
public struct LeakedObject: Sendable, Equatable {
    /// The object's class, without its module (`TreeNode`, `Box<Int>`).
    public var typeName: String

    /// Where the object was created, as `File.swift:42 in Type.function(label:)`: the
    /// innermost frame of the allocation's call stack outside the class's allocating
    /// initializers (the compiler-generated code that calls `swift_allocObject`). `nil` when
    /// allocation tracing was off or the object was allocated before it started.
    public var allocationSite: String?

    /// The whole recorded call stack of the allocation, most recent frame first.
    public var allocationTraceback: AllocationTraceback?

    /// What the object is: a class instance, or one of the objects Swift allocates for
    /// values (closure contexts, boxes, collection storage).
    public var kind: Kind = .classInstance

    /// What kind of heap object a leaked object is.
    public enum Kind: Sendable, Equatable {
        /// An instance of a class.
        case classInstance
        /// The context of a closure, holding its captures (or a box the compiler laid out,
        /// which the runtime describes the same way).
        case closureContext
        /// A box holding one value (an `indirect` enum payload, a large value in an `Any`).
        case box
        /// The storage of an array, dictionary or set.
        case collectionStorage
        /// Anything else.
        case other
    }

    /// Describes `object`, with its allocation site if `traced`.
    init(_ object: GCObject, traced: Bool) {
        typeName = Self.typeName(of: object)
        allocationTraceback = traced ? AllocationTracer.traceback(of: object) : nil
        allocationSite = allocationTraceback.flatMap(Self.allocationSite)
    }

    /// Describes the Swift heap object at `address`, of `kind`, with its allocation site if
    /// `traced`.
    init(address: UnsafeRawPointer, kind: HeapObjectKind, traced: Bool) {
        switch kind {
        case .classInstance:
            self.kind = .classInstance
            let type = unsafeBitCast(address.load(as: UnsafeRawPointer.self), to: Any.Type.self)
            typeName = _typeName(type, qualified: false)
        case .closureContext:
            self.kind = .closureContext
            typeName = "closure context"
        case .box:
            self.kind = .box
            typeName = "box"
        case .arrayStorage:
            self.kind = .collectionStorage
            typeName = "array storage"
        case .dictionaryStorage:
            self.kind = .collectionStorage
            typeName = "dictionary storage"
        case .setStorage:
            self.kind = .collectionStorage
            typeName = "set storage"
        case .other:
            self.kind = .other
            typeName = "object"
        }
        allocationTraceback = traced ? AllocationTracer.traceback(ofAddress: UInt(bitPattern: address)) : nil
        allocationSite = allocationTraceback.flatMap(Self.allocationSite)
    }

    static func typeName(of object: AnyObject) -> String {
        _typeName(type(of: object), qualified: false)
    }

    private static func allocationSite(in traceback: AllocationTraceback) -> String? {
        // Compiler-generated frames (an allocating initializer; a stored property's default
        // value, which runs in `init()` at line 0) are skipped for the line that asked.
        let frames = traceback.frames
        guard
            let frame = frames.first(where: { !$0.function.contains(".__allocating_init(") && $0.line > 0 })
                ?? frames.first
        else {
            return nil
        }
        let file = frame.file.split(separator: "/").last.map(String.init) ?? frame.file
        return "\(file):\(frame.line) in \(shortFunctionName(frame.function))"
    }

    /// A demangled Swift name without its module, parameter types and result:
    /// `Module.Type.method(label: Swift.Int, _: Swift.String) -> ()` becomes
    /// `Type.method(label:_:)`; closures keep their context (`closure in Type.method()`).
    /// Names that are not Swift come back as they are.
    static func shortFunctionName(_ name: String) -> String {
        if name.hasPrefix("closure #") || name.hasPrefix("implicit closure #"),
            let context = name.range(of: " in ", options: .backwards)
        {
            return "closure in " + shortFunctionName(String(name[context.upperBound...]))
        }
        guard let open = name.firstIndex(of: "(") else { return name }
        var qualified = name[..<open].split(separator: ".").map(String.init)
        if qualified.count > 1 { qualified.removeFirst() }
        var labels: [String] = []
        var depth = 0
        var parameter = ""
        var index = name.index(after: open)
        while index < name.endIndex {
            let character = name[index]
            index = name.index(after: index)
            switch character {
            case "(", "<", "[":
                depth += 1
            case ")" where depth == 0:
                index = name.endIndex
                fallthrough
            case "," where depth == 0:
                let trimmed = parameter.drop { $0 == " " }
                if !trimmed.isEmpty {
                    let label = trimmed.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                    labels.append(trimmed.contains(": ") && !label.contains(" ") ? label + ":" : "_:")
                }
                parameter = ""
                continue
            case ">" where parameter.last == "-":
                break
            case ")", ">", "]":
                depth -= 1
            default:
                break
            }
            parameter.append(character)
        }
        return qualified.joined(separator: ".") + "(" + labels.joined() + ")"
    }
}
