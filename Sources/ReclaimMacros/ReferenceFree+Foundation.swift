#if canImport(Foundation)
    import Foundation

    extension Date: ReferenceFree {}
    extension UUID: ReferenceFree {}
    extension URL: ReferenceFree {}
    extension Data: ReferenceFree {}
    extension Decimal: ReferenceFree {}
    extension CGFloat: ReferenceFree {}
#endif
