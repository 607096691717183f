import Foundation

/// Type-checks a snippet of client code with the real compiler, the built `ReclaimMacros`
/// module and the built macro plugin, to test the errors that overload resolution (not the
/// macro) reports.
enum TypeChecker {
    struct SetupError: Error, CustomStringConvertible {
        let description: String
    }

    /// The compiler's diagnostics for `source`, and whether it type-checked.
    struct Result {
        let succeeded: Bool
        let diagnostics: String
    }

    /// The build products directory of this test bundle, which holds the modules and the plugin.
    static func productsDirectory() throws -> URL {
        let bundles = Bundle.allBundles.filter { $0.bundleURL.pathExtension == "xctest" }
            .map { $0.bundleURL.deletingLastPathComponent() }
        let arguments = CommandLine.arguments.prefix(1).map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        for directory in bundles + arguments {
            let plugin = directory.appendingPathComponent("ReclaimMacrosPlugin-tool")
            if FileManager.default.isExecutableFile(atPath: plugin.path) { return directory }
        }
        throw SetupError(description: "no ReclaimMacrosPlugin-tool next to the test bundle in \(bundles + arguments)")
    }

    /// Type-checks `source`; with `generatingSIL`, also generates (and discards) its SIL,
    /// which checks every function body: `-typecheck` alone skips the bodies of the members a
    /// macro adds to an enum (seen with Swift 6.3), so their diagnostics need it.
    static func typeCheck(_ source: String, generatingSIL: Bool = false) throws -> Result {
        let products = try productsDirectory()
        let fileManager = FileManager.default
        let modules = ["Modules-tool", "Modules"].map { products.appendingPathComponent($0) }
            .first { fileManager.fileExists(atPath: $0.appendingPathComponent("ReclaimMacros.swiftmodule").path) }
        let moduleMap = ["CReclaimShims-tool.build", "CReclaimShims.build"]
            .map { products.appendingPathComponent($0).appendingPathComponent("module.modulemap") }
            .first { fileManager.fileExists(atPath: $0.path) }
        guard let modules, let moduleMap else {
            throw SetupError(
                description: "the ReclaimMacros module or the CReclaimShims module map is missing in \(products.path)"
            )
        }
        let directory = fileManager.temporaryDirectory.appendingPathComponent("reclaim-typecheck-\(UUID().uuidString)")
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: directory) }
        let file = directory.appendingPathComponent("Client.swift")
        try source.write(to: file, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = [
            "swiftc", generatingSIL ? "-emit-sil" : "-typecheck", "-swift-version", "6",
            "-I", modules.path,
            "-Xcc", "-fmodule-map-file=\(moduleMap.path)",
            "-load-plugin-executable",
            products.appendingPathComponent("ReclaimMacrosPlugin-tool").path + "#ReclaimMacrosPlugin",
            file.path,
        ]
        if generatingSIL { arguments += ["-o", "/dev/null"] }
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(succeeded: process.terminationStatus == 0, diagnostics: String(decoding: data, as: UTF8.self))
    }
}
