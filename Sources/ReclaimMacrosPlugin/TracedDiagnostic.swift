import SwiftDiagnostics

/// Every error and warning `@Traced` reports, with the fix in the message.
enum TracedDiagnostic: DiagnosticMessage {
    case unsupportedDeclaration(kind: String)
    case missingSuperclass(typeName: String)
    case alreadyImplemented(typeName: String, member: String)
    case storedClosure(property: String)
    case closurePayload(caseName: String)
    case lazyProperty(property: String)
    case destructuredProperty
    case conditionalMembers
    case addGCObjectFixIt

    var message: String {
        switch self {
        case .unsupportedDeclaration(let kind):
            return "@Traced applies to a class that inherits from GCObject, a struct or an enum, not to \(kind)"
        case .missingSuperclass(let typeName):
            return "@Traced class '\(typeName)' must inherit from GCObject (or from a subclass of it)"
        case .alreadyImplemented(let typeName, let member):
            return """
                '\(typeName)' already implements \(member); @Traced generates it: remove yours, or remove \
                @Traced and write traverse(_:) and clear() by hand
                """
        case .storedClosure(let property):
            return """
                stored closure '\(property)' is traced through its captures, but clear() cannot drop it, \
                so a cycle through it could never be broken: declare it as an optional 'var' (or a \
                collection of closures), mark it @Uncleared to trace it anyway, or @Untraced if it captures \
                no GCObject strongly
                """
        case .closurePayload(let caseName):
            return """
                case '\(caseName)' carries a closure that clear() cannot drop (the enum has no case \
                without payload, and the closure is not optional), so a cycle through it could never be \
                broken: add a case without payload, make the payload optional, or mark the case @Uncleared
                """
        case .lazyProperty(let property):
            return """
                @Traced cannot reach the storage of lazy property '\(property)' (reading it in traverse \
                would create its value): make it a stored optional that you fill on first use, or mark it \
                @Untraced if it never holds a GCObject
                """
        case .destructuredProperty:
            return "@Traced needs one name per stored property: declare each destructured property separately"
        case .conditionalMembers:
            return """
                @Traced cannot see stored properties or cases inside #if: move them out of the #if \
                block, or write traverse(_:) and clear() by hand
                """
        case .addGCObjectFixIt:
            return "inherit from GCObject"
        }
    }

    var diagnosticID: MessageID {
        let name: String
        switch self {
        case .unsupportedDeclaration: name = "unsupportedDeclaration"
        case .missingSuperclass: name = "missingSuperclass"
        case .alreadyImplemented: name = "alreadyImplemented"
        case .storedClosure: name = "storedClosure"
        case .closurePayload: name = "closurePayload"
        case .lazyProperty: name = "lazyProperty"
        case .destructuredProperty: name = "destructuredProperty"
        case .conditionalMembers: name = "conditionalMembers"
        case .addGCObjectFixIt: name = "addGCObject"
        }
        return MessageID(domain: "ReclaimMacros", id: name)
    }

    var severity: DiagnosticSeverity { .error }
}

extension TracedDiagnostic: FixItMessage {
    var fixItID: MessageID { diagnosticID }
}
